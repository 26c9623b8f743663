import { MessageTemplate, TemplateError, TemplateValues } from './message-template';

const values: TemplateValues = {
  name: '山田 太郎',
  answerUrl: 'https://answer.example/a/TOKEN',
  alertTitle: '地震',
  alertBody: '',
  companyName: 'Acme 株式会社',
  sentAt: '2026-11-26 09:00',
};

describe('MessageTemplate', () => {
  it('replaces every placeholder, with or without spaces inside the braces', () => {
    const template = MessageTemplate.compile('{{name}} 様 {{ companyName }}: {{answerUrl}}', 'ja.body');
    expect(template.render(values)).toBe('山田 太郎 様 Acme 株式会社: https://answer.example/a/TOKEN');
  });

  it('refuses an unknown variable at compile time, naming the field and the variable', () => {
    expect(() => MessageTemplate.compile('こんにちは {{employeeNumber}}', 'ja.body')).toThrow(
      new TemplateError('ja.body: unknown variable {{employeeNumber}}; known variables: name, answerUrl, alertTitle, alertBody, companyName, sentAt'),
    );
  });

  it('refuses unbalanced braces instead of sending them to employees', () => {
    expect(() => MessageTemplate.compile('回答: {{answerUrl}', 'ja.shortBody')).toThrow('ja.shortBody: unbalanced "{{" or "}}"');
    expect(() => MessageTemplate.compile('回答: answerUrl}}', 'ja.shortBody')).toThrow(TemplateError);
  });

  it('keeps a value that looks like a placeholder as literal text (single pass)', () => {
    const template = MessageTemplate.compile('{{name}} → {{answerUrl}}', 'en.body');
    expect(template.render({ ...values, name: '{{answerUrl}}' })).toBe('{{answerUrl}} → https://answer.example/a/TOKEN');
  });

  it('counts how often a variable is used', () => {
    const template = MessageTemplate.compile('{{answerUrl}} {{name}} {{answerUrl}}', 'en.body');
    expect(template.usesOf('answerUrl')).toBe(2);
    expect(template.usesOf('alertTitle')).toBe(0);
  });
});
