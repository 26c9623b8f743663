import { loadConfig } from '@anpi/config';
import { createDataSource } from '@anpi/persistence';
import { localServiceEnvironment, repositoryRoot } from '@anpi/testing';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Caller } from '../src/access/caller';
import { tenantServiceConfigSchema } from '../src/config';
import { ContactEventSealer } from '@anpi/field-encryption';
import { directoryKeysFrom } from '../src/contact-encryption/contact-encryption.module';
import { ContactVault } from '../src/contact-encryption/contact-vault';
import { tenantServiceDatabase } from '../src/database';
import { EmployeeSnapshots } from '../src/employees/employee-snapshots';
import { createEmployeeSchema, updateEmployeeSchema } from '../src/employees/employee-schemas';
import { ManageEmployees } from '../src/employees/manage-employees';
import { SignUpTenant } from '../src/tenants/sign-up-tenant';
import { FieldCipher, TenantBlindIndex } from '@anpi/field-encryption';

const run = promisify(execFile);

/**
 * Contact data at rest, on the real database as the application role: no plaintext address
 * or phone number in any column of any table, and key rotation (new master key, new data
 * keys, re-encryption) keeps every row readable. The rotation runs as the real command.
 */
describe('contact data at rest', () => {
  const baseEnvironment = localServiceEnvironment('tenant-service', {
    AUTH_JWKS_URL: 'http://127.0.0.1:3209/.well-known/jwks.json',
    AUTH_TOKEN_ISSUER: 'https://auth.anpi.test',
    DIRECTORY_KEY_CACHE_TTL_MS: '0',
  });
  const newMasterKey = `rotated${randomBytes(3).toString('hex')}:${randomBytes(32).toString('base64')}`;
  const rotatedEnvironment = {
    ...baseEnvironment,
    DIRECTORY_MASTER_KEYS: `${baseEnvironment.DIRECTORY_MASTER_KEYS},${newMasterKey}`,
    DIRECTORY_ACTIVE_MASTER_KEY_ID: newMasterKey.split(':')[0],
  };
  /** After rotation the old master key is gone from the Secret altogether. */
  const newMasterOnlyEnvironment = { ...rotatedEnvironment, DIRECTORY_MASTER_KEYS: newMasterKey };
  let dataSource: DataSource;
  let superuser: Client;
  let tenantId: string;
  const stamp = randomUUID().slice(0, 8);
  const contacts = [0, 1, 2].map((index) => ({
    companyEmail: `plain.${stamp}.${index}@corp.example`,
    privateEmails: [`home.${stamp}.${index}@mail.example`, `second.${stamp}.${index}@mail.example`],
    mobilePhone: `+8180${stamp.replace(/[^0-9]/g, '0').slice(0, 4)}${String(1000 + index)}`,
    lineUserId: `U${stamp}${'0'.repeat(23)}${index}`,
  }));

  const directory = (env: Record<string, string>) => {
    const config = loadConfig(tenantServiceConfigSchema, env);
    const vault = new ContactVault(new TenantBlindIndex(config.DIRECTORY_BLIND_INDEX_KEY));
    const sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
    return new ManageEmployees(dataSource, directoryKeysFrom(config), vault, new EmployeeSnapshots(vault, sealer));
  };
  const caller = (): Caller => ({ principal: { tenantId, userId: randomUUID(), role: 'admin', departmentIds: [] }, ip: '127.0.0.1' });

  beforeAll(async () => {
    dataSource = createDataSource(loadConfig(tenantServiceConfigSchema, baseEnvironment), tenantServiceDatabase);
    await dataSource.initialize();
    superuser = new Client({ host: baseEnvironment.PGHOST, port: Number(baseEnvironment.PGPORT), user: 'postgres', database: baseEnvironment.DB_NAME });
    await superuser.connect();
    const slug = `vault-${stamp}`;
    tenantId = (await new SignUpTenant(dataSource).execute({
      slug,
      displayName: 'Vault test',
      defaultLanguage: 'ja',
      timeZone: 'Asia/Tokyo',
      allowPlainHttpAnswerLinks: false,
      owner: { email: `owner@${slug}.example`, displayName: 'Owner' },
    })).tenant.id;
    const employees = directory(baseEnvironment);
    for (const [index, contact] of contacts.entries()) {
      await employees.create(caller(), createEmployeeSchema.parse({ employeeNumber: `V-${stamp}-${index}`, nameKanji: '暗号 太郎', nameKana: 'アンゴウ タロウ', workPrefecture: '27', ...contact }));
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await superuser?.end();
  });

  it('stores no plaintext address, phone number or LINE user id in any column of any table', async () => {
    const { rows: columns } = await superuser.query(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('text', 'bytea', 'jsonb', 'json', 'ARRAY', 'character varying')`,
    );
    expect(columns.length).toBeGreaterThan(10);
    const secrets = contacts.flatMap((contact) => [contact.companyEmail, ...contact.privateEmails, contact.mobilePhone, contact.mobilePhone.slice(3), contact.lineUserId]);
    for (const { table_name: table, column_name: column } of columns) {
      const { rows } = await superuser.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}"::text ILIKE ANY($1)`, [secrets.map((secret) => `%${secret}%`)]);
      expect({ table, column, rowsWithPlaintext: rows[0].n }).toEqual({ table, column, rowsWithPlaintext: 0 });
    }
    const { rows: stored } = await superuser.query('SELECT count(*)::int AS n FROM employees WHERE tenant_id = $1 AND company_email_ciphertext LIKE $2', [tenantId, 'v1.dk_%']);
    expect(stored[0].n).toBe(contacts.length);
    const { rows: sealedLine } = await superuser.query('SELECT count(*)::int AS n FROM employees WHERE tenant_id = $1 AND line_user_id_ciphertext LIKE $2', [tenantId, 'v1.dk_%']);
    expect(sealedLine[0].n).toBe(contacts.length);
  });

  it('keeps every row readable through master-key rotation, new data keys and re-encryption', async () => {
    const before = await directory(baseEnvironment).list(caller(), { limit: 50, includeSubDepartments: true });
    const { rows: oldKeys } = await superuser.query('SELECT key_id FROM tenant_data_keys WHERE tenant_id = $1', [tenantId]);

    const { stdout } = await run(process.execPath, [resolve(repositoryRoot, 'apps/tenant-service/dist/rotate-keys.js'), '--new-data-keys', '--reencrypt', '--batch-size=2', `--tenant=${tenantId}`], {
      env: { PATH: process.env.PATH ?? '', ...rotatedEnvironment },
    });
    expect(JSON.parse(stdout)).toEqual({ tenants: 1, rewrappedDataKeys: 1, newDataKeys: 1, reencryptedEmployees: contacts.length, employeesLeftOnRetiredKeys: 0 });

    const { rows: keys } = await superuser.query('SELECT key_id, state, wrapped_key FROM tenant_data_keys WHERE tenant_id = $1 ORDER BY created_at', [tenantId]);
    expect(keys.map((key) => key.state)).toEqual(['retired', 'active']);
    expect(keys.every((key) => key.wrapped_key.startsWith(`v1.${rotatedEnvironment.DIRECTORY_ACTIVE_MASTER_KEY_ID}.`))).toBe(true);
    const { rows: onOldKey } = await superuser.query('SELECT count(*)::int AS n FROM employees WHERE tenant_id = $1 AND data_key_id = $2', [tenantId, oldKeys[0].key_id]);
    expect(onOldKey[0].n).toBe(0);

    const after = await directory(newMasterOnlyEnvironment).list(caller(), { limit: 50, includeSubDepartments: true });
    expect(after.items).toEqual(before.items);
    expect(after.items.map((view) => ('privateEmails' in view ? [view.companyEmail, view.privateEmails, view.mobilePhone, view.lineUserId] : []))).toEqual(
      contacts.map((contact) => [contact.companyEmail, contact.privateEmails, contact.mobilePhone, contact.lineUserId]),
    );
  });

  it('rotates online: edits made while the command runs are kept, and every row stays readable without the old master key', async () => {
    // A second tenant of its own, edited without pause by a replica that already holds both master keys.
    const slug = `vault-online-${stamp}`;
    const onlineTenant = (await new SignUpTenant(dataSource).execute({
      slug,
      displayName: 'Online rotation',
      defaultLanguage: 'ja',
      timeZone: 'Asia/Tokyo',
      allowPlainHttpAnswerLinks: false,
      owner: { email: `owner@${slug}.example`, displayName: 'Owner' },
    })).tenant.id;
    const onlineCaller = (): Caller => ({ principal: { tenantId: onlineTenant, userId: randomUUID(), role: 'admin', departmentIds: [] }, ip: '127.0.0.1' });
    const replica = directory(rotatedEnvironment);
    const ids: string[] = [];
    for (let index = 0; index < 60; index += 1) {
      const created = await replica.create(
        onlineCaller(),
        createEmployeeSchema.parse({ employeeNumber: `R-${stamp}-${index}`, nameKanji: '回転 花子', nameKana: 'カイテン ハナコ', workPrefecture: '13', mobilePhone: `+81901000${String(index).padStart(4, '0')}` }),
      );
      ids.push(created.id);
    }
    const lastWritten = new Map<string, string>();
    let rotating = true;
    let edits = 0;
    const writer = (async () => {
      while (rotating) {
        const id = ids[edits % ids.length];
        const mobilePhone = `+81902${String(edits).padStart(7, '0')}`;
        await replica.update(onlineCaller(), id, updateEmployeeSchema.parse({ mobilePhone }));
        lastWritten.set(id, mobilePhone);
        edits += 1;
      }
    })();
    const rotate = (...flags: string[]) =>
      run(process.execPath, [resolve(repositoryRoot, 'apps/tenant-service/dist/rotate-keys.js'), ...flags, `--tenant=${onlineTenant}`], { env: { PATH: process.env.PATH ?? '', ...rotatedEnvironment } });
    const editsBefore = edits;
    const first = JSON.parse((await rotate('--new-data-keys', '--reencrypt', '--batch-size=5')).stdout);
    rotating = false;
    await writer;
    expect(edits).toBeGreaterThan(editsBefore);
    expect(first).toMatchObject({ tenants: 1, newDataKeys: 1 });
    // Rows a writer held were skipped; a second run takes what is left.
    const second = JSON.parse((await rotate('--reencrypt')).stdout);
    expect(second.employeesLeftOnRetiredKeys).toBe(0);
    const { rows: onRetired } = await superuser.query(
      `SELECT count(*)::int AS n FROM employees e JOIN tenant_data_keys k ON k.tenant_id = e.tenant_id AND k.key_id = e.data_key_id
       WHERE e.tenant_id = $1 AND k.state = 'retired'`,
      [onlineTenant],
    );
    expect(onRetired[0].n).toBe(0);

    const readable = await directory(newMasterOnlyEnvironment).list(onlineCaller(), { limit: 100, includeSubDepartments: true });
    expect(readable.items).toHaveLength(ids.length);
    for (const view of readable.items) {
      const expected = lastWritten.get(view.id) ?? `+81901000${String(ids.indexOf(view.id)).padStart(4, '0')}`;
      expect({ id: view.id, mobilePhone: 'mobilePhone' in view ? view.mobilePhone : null }).toEqual({ id: view.id, mobilePhone: expected });
    }
  });
});
