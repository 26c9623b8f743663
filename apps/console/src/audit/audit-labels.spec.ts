import { catalogues, MessageKey, translate } from '../i18n/messages';
import { auditActionLabel, auditTargetLabel, isNamedAuditAction } from './audit-labels';

const inJapanese = (key: MessageKey) => translate('ja', key);
const inEnglish = (key: MessageKey) => translate('en', key);

describe('audit action labels', () => {
  it.each([
    ['employee.created', '社員を登録', 'Person added'],
    ['account_invited', '担当者を招待', 'Colleague invited'],
    ['directory_person_changed', '名簿の人物との対応を変更', 'Directory person linked or changed'],
    ['alert.created', '安否確認を送信', 'Safety check sent'],
    ['message_templates.reset', 'メッセージ文面を既定に戻す', 'Message texts back to the defaults'],
  ])('names %s in Japanese and English', (action, ja, en) => {
    expect(isNamedAuditAction(action)).toBe(true);
    expect(auditActionLabel(action, inJapanese)).toBe(ja);
    expect(auditActionLabel(action, inEnglish)).toBe(en);
  });

  it.each(['alert.archived', 'password_changed', '', 'constructor', 'toString', '__proto__'])('shows an action it does not know (%p) as its code', (action) => {
    expect(isNamedAuditAction(action)).toBe(false);
    expect(auditActionLabel(action, inJapanese)).toBe(action);
    expect(auditActionLabel(action, inEnglish)).toBe(action);
  });

  it('has a label in both languages for every audit.action and audit.targetType message, none left as the code', () => {
    const keys = (Object.keys(catalogues.ja) as MessageKey[]).filter((key) => key.startsWith('audit.action.') || key.startsWith('audit.targetType.'));
    expect(keys.length).toBeGreaterThan(60);
    for (const key of keys) {
      const code = key.replace(/^audit\.(action|targetType)\./, '');
      const label = key.startsWith('audit.action.') ? auditActionLabel : auditTargetLabel;
      expect({ key, ja: label(code, inJapanese) !== code, en: label(code, inEnglish) !== code }).toEqual({ key, ja: true, en: true });
      expect(catalogues.en[key]).not.toBe(catalogues.ja[key]);
    }
  });
});

describe('audit target labels', () => {
  it('names the kinds of target of the three services, and shows another as the service calls it', () => {
    expect(auditTargetLabel('account', inJapanese)).toBe('アカウント');
    expect(auditTargetLabel('alert', inEnglish)).toBe('Safety check');
    expect(auditTargetLabel('import_job', inEnglish)).toBe('CSV import');
    expect(auditTargetLabel('webhook_endpoint', inJapanese)).toBe('webhook_endpoint');
  });
});
