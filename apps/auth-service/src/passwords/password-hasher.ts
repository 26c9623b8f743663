import * as argon2 from 'argon2';

export interface Argon2Parameters {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export interface PasswordCheck {
  matches: boolean;
  /** The stored hash was made with weaker parameters than today's: re-hash it now. */
  needsRehash: boolean;
}

/**
 * argon2id with parameters from config. The PHC string stores its own parameters and salt,
 * so raising them never breaks old hashes; each is upgraded at the owner's next login.
 */
export class PasswordHasher {
  private readonly dummyHash: Promise<string>;

  constructor(private readonly parameters: Argon2Parameters) {
    // Verified against when the account does not exist, so that answer takes as long.
    this.dummyHash = this.hash('not-a-password-of-anyone');
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.parameters });
  }

  async check(storedHash: string | null, password: string): Promise<PasswordCheck> {
    if (!storedHash) {
      await this.spendOneVerification(password);
      return { matches: false, needsRehash: false };
    }
    const matches = await argon2.verify(storedHash, password);
    return { matches, needsRehash: matches && argon2.needsRehash(storedHash, this.parameters) };
  }

  /** Costs what a real verification costs, for callers that must not reveal there was none. */
  async spendOneVerification(password: string): Promise<void> {
    await argon2.verify(await this.dummyHash, password);
  }
}
