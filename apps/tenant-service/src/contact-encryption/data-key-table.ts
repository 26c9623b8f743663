import { DataKeyStore, StoredDataKey } from '@anpi/field-encryption';
import { EntityManager } from 'typeorm';

/** A tenant's wrapped data keys in `tenant_data_keys`, read and written in the caller's tenant transaction. */
export class DataKeyTable implements DataKeyStore {
  constructor(
    private readonly manager: EntityManager,
    private readonly tenantId: string,
  ) {}

  async list(): Promise<StoredDataKey[]> {
    const rows: { key_id: string; wrapped_key: string; state: StoredDataKey['state'] }[] = await this.manager.query(
      'SELECT key_id, wrapped_key, state FROM tenant_data_keys WHERE tenant_id = $1 ORDER BY created_at',
      [this.tenantId],
    );
    return rows.map((row) => ({ keyId: row.key_id, wrappedKey: row.wrapped_key, state: row.state }));
  }

  /** Two first writers racing: the unique index on the active key keeps the first, the second reads it. */
  async insertActive(key: StoredDataKey): Promise<void> {
    await this.manager.query(
      `INSERT INTO tenant_data_keys (tenant_id, key_id, wrapped_key, state) VALUES ($1, $2, $3, 'active')
       ON CONFLICT (tenant_id) WHERE state = 'active' DO NOTHING`,
      [this.tenantId, key.keyId, key.wrappedKey],
    );
  }

  async retire(keyId: string): Promise<void> {
    await this.manager.query(`UPDATE tenant_data_keys SET state = 'retired' WHERE tenant_id = $1 AND key_id = $2`, [this.tenantId, keyId]);
  }

  async replaceWrapping(key: StoredDataKey): Promise<void> {
    await this.manager.query('UPDATE tenant_data_keys SET wrapped_key = $3 WHERE tenant_id = $1 AND key_id = $2', [
      this.tenantId,
      key.keyId,
      key.wrappedKey,
    ]);
  }
}
