import { ApiError } from '../api/api-error';
import { alertRefusalOf, previewRequestOf, samePreviewedWording } from './compose-preview';

describe('previewRequestOf', () => {
  it("previews the draft's trimmed title and message with its drill mark, in the language asked for", () => {
    expect(previewRequestOf({ title: ' 地震 ', message: '回答してください\n', drill: true }, 'en')).toEqual({ language: 'en', title: '地震', message: '回答してください', drill: true });
  });

  it('leaves out what is not written yet, for the service to show a sample instead', () => {
    expect(previewRequestOf({ title: '  ', message: '', drill: false }, 'ja')).toEqual({ language: 'ja', drill: false });
  });

  it('tells a preview of the same wording in another language from one of changed wording', () => {
    const shown = previewRequestOf({ title: '地震', message: '回答を', drill: false }, 'ja');
    expect(samePreviewedWording(shown, previewRequestOf({ title: '地震 ', message: '回答を', drill: false }, 'en'))).toBe(true);
    expect(samePreviewedWording(shown, previewRequestOf({ title: '地震', message: '回答を', drill: true }, 'ja'))).toBe(false);
  });
});

describe('alertRefusalOf', () => {
  it('reads a 422 with details as an alert a channel cannot carry, each problem once', () => {
    const problem = { path: 'message', message: 'sms: text needs 5 UCS-2 segments, more than the 3 allowed (ja, with the reminder mark of a re-send)' };
    const refused = new ApiError(422, 'Unprocessable Entity', 'the alert does not fit the channels it lists', undefined, [problem, problem]);
    expect(alertRefusalOf(refused)).toEqual({ kind: 'does-not-fit', problems: [problem] });
  });

  it('reads a 422 naming the target as a target that reaches nobody', () => {
    const nobody = new ApiError(422, 'Unprocessable Entity', 'the target reaches nobody', undefined, [{ path: 'target', message: 'no active employee matches this target' }]);
    expect(alertRefusalOf(nobody)).toEqual({ kind: 'nobody' });
  });

  it('reads a 422 without details as the Idempotency-Key of the form used for another alert', () => {
    expect(alertRefusalOf(new ApiError(422, 'Unprocessable Entity', 'this Idempotency-Key was used with a different alert'))).toEqual({ kind: 'key-reused' });
  });

  it("leaves another 422 without details to the service's own words", () => {
    expect(alertRefusalOf(new ApiError(422, 'Unprocessable Entity', 'something new'))).toBeUndefined();
  });

  it('leaves other errors alone', () => {
    expect(alertRefusalOf(new ApiError(400, 'Bad Request', 'invalid'))).toBeUndefined();
    expect(alertRefusalOf(new Error('network'))).toBeUndefined();
  });
});
