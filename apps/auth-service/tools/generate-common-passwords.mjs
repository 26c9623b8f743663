/**
 * Regenerates data/common-passwords.txt, the list the password policy refuses.
 *
 * Origin, stated honestly: no breach corpus is downloaded here. The seeds below are the
 * heads of widely published frequency lists (SecLists "10-million-password-list-top-1000",
 * NordPass "Top 200 most common passwords" 2019–2024, the Pwned Passwords most-seen
 * entries), typed in from those public lists, plus Japanese-context words. Because Anpi
 * requires at least 12 characters, the list then adds what people do to a common password
 * to pass a length rule: repeat it, append digits, years, "!" or a keyboard walk. The result
 * is sorted, lower-cased and de-duplicated. Run: node apps/auth-service/tools/generate-common-passwords.mjs
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const seeds = `
123456 123456789 12345678 12345 1234567 1234567890 123123 111111 000000 654321 666666 121212 112233 123321
987654321 159753 7777777 88888888 11111111 00000000 147258369 123qwe 1q2w3e 1q2w3e4r 1q2w3e4r5t 1qaz2wsx
zaq12wsx qazwsx qwerty qwerty123 qwertyuiop asdfgh asdfghjkl zxcvbnm zxcvbn 1qazxsw2 qweasdzxc asdasd
password password1 password123 passw0rd p@ssw0rd p@ssword pass1234 letmein welcome welcome1 admin admin123
administrator root toor login master hello hello123 iloveyou iloveyou1 trustno1 abc123 abcd1234 aa123456
monkey dragon football baseball basketball soccer hockey superman batman spiderman starwars pokemon naruto
princess sunshine shadow michael jessica jennifer charlie daniel jordan thomas robert andrew joshua ashley
michelle amanda nicole hunter ranger buster tigger killer pepper ginger maggie flower summer winter
freedom whatever secret computer internet samsung google apple nintendo minecraft fortnite chocolate
cookie cheese banana orange purple yellow silver golden diamond matrix mustang harley ferrari porsche
liverpool chelsea arsenal barcelona realmadrid juventus qazwsxedc 1234qwer qwer1234 asdf1234 zxcv1234
changeme default guest test test123 user demo sample anpi safety confirm disaster earthquake tsunami
tokyo osaka kyoto yokohama nagoya sapporo fukuoka japan nippon sakura doraemon pikachu totoro gundam
arigato sayonara konnichiwa ohayou daisuki aishiteru kawaii tanaka suzuki takahashi watanabe yamamoto
nakamura kobayashi kato yoshida yamada sasaki yamaguchi matsumoto inoue kimura hayashi shimizu
company office work monday friday january december spring autumn family forever lovely beautiful
angel baby blessed jesus christ heaven lucky happy smile friend friends love lover loveyou
`.trim().split(/\s+/);

const suffixes = ['', '1', '12', '123', '1234', '12345', '123456', '!', '!!', '1!', '123!', '@123', '#1', '01', '007', '69', '99', '00'];
const years = Array.from({ length: 2026 - 1950 + 1 }, (_, index) => String(1950 + index));
const walks = ['qwerty', 'asdfgh', 'zxcvbn', '1qaz2wsx', 'qwertyuiop', 'asdfghjkl', '123qwe', 'qweasd'];

const candidates = new Set();
for (const seed of seeds) {
  for (const suffix of suffixes) candidates.add(seed + suffix);
  for (const year of years) candidates.add(seed + year);
  for (const walk of walks) candidates.add(seed + walk);
  candidates.add(seed + seed);
  candidates.add(seed[0].toUpperCase() + seed.slice(1) + '123!');
}
for (const digit of '0123456789') candidates.add(digit.repeat(12));
for (const length of [12, 13, 14, 15, 16]) candidates.add('1234567890'.repeat(2).slice(0, length));

// Only what a 12-character minimum would otherwise let through is worth shipping.
const list = [...candidates].map((value) => value.toLowerCase()).filter((value) => value.length >= 12);
const unique = [...new Set(list)].sort();
const target = resolve(dirname(fileURLToPath(import.meta.url)), '../data/common-passwords.txt');
writeFileSync(target, `${unique.join('\n')}\n`);
console.log(`${unique.length} passwords written to ${target}`);
