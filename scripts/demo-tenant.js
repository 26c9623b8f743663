/**
 * The demo company `npm start` seeds, built only through the services' public APIs — the way a
 * customer sets up theirs — so what a newcomer sees in the console is what the product does:
 * - the company and its owner (activated from the activation e-mail),
 * - departments and 30 people from the CSV files beside this script (scripts/demo/),
 * - the crisis team as a group, the owner's account linked to their person in the directory,
 * - a drill safety check to everyone, answered by two people in three through the links in
 *   their e-mails, and a message on its board: the dashboard has a live picture at once,
 *   and the owner still has their own answer to give.
 * Running it again changes nothing: every step is an upsert, an Idempotency-Key or a check.
 *
 * `mailbox.find(address, pattern, since)` returns the first capture of `pattern` in a mail to
 * `address` received at or after `since` (ms), or undefined: the local stack reads
 * .stack/mail/, tests their own catcher.
 */
const fs = require('node:fs');
const path = require('node:path');
const { waitFor } = require('../libs/testing/dist');

const demoOwner = { tenant: 'demo', email: 'owner@demo.anpi.example', password: 'Anpi-demo-安否-2026' };
const demoDrill = { idempotencyKey: 'demo-drill-v1', title: '【訓練】首都直下地震を想定した安否確認訓練' };

/** What two in three of the people answer, by employee number; the others (the owner too) have not answered yet. */
const drillAnswers = {
  D0002: { safety: 'safe', can_work: 'yes', location: '本社 4階', family: 'all_safe' },
  D0003: { safety: 'safe', can_work: 'yes' },
  D0004: { safety: 'safe', can_work: 'later', location: '自宅', family: 'all_safe' },
  D0006: { safety: 'safe', can_work: 'yes', family: 'all_safe' },
  D0007: { safety: 'safe', can_work: 'yes', comment: 'Working from home today.' },
  D0008: { safety: 'safe', can_work: 'later' },
  D0009: { safety: 'safe', can_work: 'yes' },
  D0010: { safety: 'safe', can_work: 'yes', family: 'all_safe' },
  D0011: { safety: 'minor_injury', can_work: 'later', comment: '避難中に足首をひねりました。歩けます。' },
  D0013: { safety: 'safe', can_work: 'no', family: 'unknown', comment: '子どもを迎えに行きます。' },
  D0014: { safety: 'safe', can_work: 'later', location: '仙台営業所' },
  D0015: { safety: 'safe', can_work: 'yes' },
  D0017: { safety: 'safe', can_work: 'yes', family: 'all_safe' },
  D0019: { safety: 'safe', can_work: 'yes', location: 'Osaka office' },
  D0020: { safety: 'safe', can_work: 'yes', location: '石巻工場', comment: '工場の被害を確認しています。' },
  D0021: { safety: 'minor_injury', can_work: 'later' },
  D0023: { safety: 'safe', can_work: 'no', family: 'some_injured', comment: '家族がけがをしたので病院に付き添います。' },
  D0025: { safety: 'serious_injury', can_work: 'no', location: '石巻赤十字病院' },
  D0026: { safety: 'safe', can_work: 'yes' },
  D0028: { safety: 'safe', can_work: 'later', family: 'all_safe' },
};

const crisisTeamGroup = { name: '災害対策本部', members: ['D0001', 'D0002', 'D0004', 'D0020'] };
const boardMessage = '【訓練】災害対策本部です。回答がまだの方は、今いる場所からすぐに回答してください。';

/** A company's HTTP APIs, authenticated once its owner logged in. */
function apiClient(urls, owner) {
  let accessToken;
  const call = async (service, method, route, { body, headers = {}, expect = [200] } = {}) => {
    const isText = typeof body === 'string';
    const response = await fetch(`${urls[service]}${route}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': isText ? 'text/csv' : 'application/json' }),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isText ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expect.includes(response.status)) throw new Error(`${method} ${service} ${route}: ${response.status} ${text.slice(0, 500)}`);
    return { status: response.status, body: text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
  };
  return {
    call,
    logIn: async () => {
      accessToken = (await call('auth', 'POST', '/v1/sessions', { body: owner })).body.accessToken;
    },
  };
}

/**
 * `slug`: the company id to seed under. `npm start` uses the README's `demo`; a test uses a slug
 * of its own, because every process on a shared Kafka broker hears its tenant.created — a local
 * stack started later would otherwise learn of a second company called `demo`.
 */
async function seedDemoTenant({ urls, mailbox, log = console.log, slug = demoOwner.tenant }) {
  const owner = { ...demoOwner, tenant: slug };
  const api = apiClient(urls, owner);
  await createCompany(api, mailbox, log, owner);
  await api.logIn();
  await importDirectory(api, log);
  const people = await peopleByNumber(api);
  await ensureCrisisTeamGroup(api, people);
  await linkOwnerToTheirPerson(api, people);
  const drill = await sendDrill(api);
  if (drill.created) await answerDrill(api, mailbox, drill, people, urls);
  log(`[demo] drill safety check ${drill.id} ${drill.created ? `sent and answered by ${Object.keys(drillAnswers).length} of ${people.size}` : 'already there'}`);
  return { alertId: drill.id, people: people.size, answered: Object.keys(drillAnswers).length };
}

async function createCompany(api, mailbox, log, owner) {
  const started = Date.now();
  const signUp = await api.call('tenant', 'POST', '/v1/tenants/signup', {
    headers: { 'idempotency-key': owner.tenant === demoOwner.tenant ? 'demo-tenant-seed-v1' : `demo-tenant-seed-v1-${owner.tenant}` },
    body: {
      slug: owner.tenant,
      displayName: 'Anpi デモ株式会社',
      defaultLanguage: 'ja',
      timeZone: 'Asia/Tokyo',
      allowPlainHttpAnswerLinks: true,
      owner: { email: demoOwner.email, displayName: '安否 太郎' },
    },
    expect: [200, 201, 409],
  });
  log(`[demo] tenant "${owner.tenant}" ${signUp.status === 201 ? 'created' : 'already present'}`);
  if (await canLogIn(api, owner)) return;
  // A tenant created just now has its activation mail arriving now; older mails belong to
  // databases that were reset since and carry dead links.
  const since = signUp.status === 201 ? started : 0;
  // The token starts with the company's id: another company's owner with the same address (a
  // test's demo, heard on a shared broker) has activation mails in the same mailbox.
  const tenantId = typeof signUp.body === 'object' && signUp.body ? signUp.body.id : undefined;
  const tokenPattern = tenantId ? new RegExp(`activate#token=(${tenantId}\\.[^\\s"<&]+)`) : /activate#token=([^\s"<&]+)/;
  const token = await waitFor(() => mailbox.find(demoOwner.email, tokenPattern, since), {
    timeoutMs: 30_000,
    intervalMs: 500,
    what: 'the demo owner activation e-mail',
  }).catch(() => {
    throw new Error(
      'no activation e-mail for the demo owner arrived (a demo tenant created by an older version has none): ' +
        'start from clean databases with `npm stop && bash scripts/stack reset && npm start`',
    );
  });
  const activation = await api.call('auth', 'POST', '/v1/account-activations', { body: { token: decodeURIComponent(token), password: demoOwner.password }, expect: [204, 400, 404, 409, 410] });
  if (activation.status !== 204 && !(await canLogIn(api, owner))) throw new Error(`activating the demo owner failed: ${activation.status} ${activation.body}`);
  log('[demo] owner activated');
}

async function canLogIn(api, owner) {
  return (await api.call('auth', 'POST', '/v1/sessions', { body: owner, expect: [200, 401, 403, 423, 429] })).status === 200;
}

/** Departments first (employees name them by code), each file applied as one import job. */
async function importDirectory(api, log) {
  for (const kind of ['departments', 'employees']) {
    const file = fs.readFileSync(path.join(__dirname, 'demo', `${kind}.csv`), 'utf8');
    const job = (await api.call('tenant', 'POST', `/v1/directory/imports?kind=${kind}&mode=apply`, { body: file, expect: [202] })).body;
    const finished = await waitFor(
      async () => {
        const current = (await api.call('tenant', 'GET', `/v1/directory/imports/${job.id}`)).body;
        return ['applied', 'rejected', 'failed'].includes(current.status) ? current : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: `the demo ${kind} import` },
    );
    if (finished.status !== 'applied') throw new Error(`the demo ${kind} import ended ${finished.status}: ${JSON.stringify(finished.report ?? finished)}`);
    log(`[demo] ${kind} imported from scripts/demo/${kind}.csv`);
  }
}

/** Employee number → id, read back from the directory (every demo number starts with D). */
async function peopleByNumber(api) {
  const people = new Map();
  let cursor;
  do {
    const page = (await api.call('tenant', 'GET', `/v1/directory/employees?number=D&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
    for (const person of page.items) people.set(person.employeeNumber, person.id);
    cursor = page.nextCursor;
  } while (cursor);
  return people;
}

async function ensureCrisisTeamGroup(api, people) {
  const groups = (await api.call('tenant', 'GET', '/v1/directory/groups')).body.items;
  const group = groups.find((candidate) => candidate.name === crisisTeamGroup.name) ?? (await api.call('tenant', 'POST', '/v1/directory/groups', { body: { name: crisisTeamGroup.name }, expect: [201] })).body;
  await api.call('tenant', 'PUT', `/v1/directory/groups/${group.id}/members`, { body: { employeeIds: crisisTeamGroup.members.map((number) => people.get(number)) }, expect: [200, 204] });
}

/** So the owner sees the drill in "your safety check" and can answer it from the console. */
async function linkOwnerToTheirPerson(api, people) {
  const accounts = (await api.call('auth', 'GET', '/v1/accounts')).body.items;
  const owner = accounts.find((account) => account.role === 'owner');
  await api.call('auth', 'PUT', `/v1/accounts/${owner.id}/directory-person`, { body: { employeeId: people.get('D0001') }, expect: [200, 204] });
  // The link voids the access token it was made with: the next calls need a fresh one.
  await waitFor(async () => (await api.logIn(), (await api.call('dispatch', 'GET', '/v1/alerts?limit=1', { expect: [200, 401] })).status === 200), {
    timeoutMs: 10_000,
    intervalMs: 500,
    what: 'a token that carries the link',
  });
}

async function sendDrill(api) {
  // Mail files are stamped by the catcher after this; a second early against coarse clocks.
  const started = Date.now() - 1_000;
  const created = await api.call('dispatch', 'POST', '/v1/alerts', {
    headers: { 'idempotency-key': demoDrill.idempotencyKey },
    body: {
      title: demoDrill.title,
      message: '訓練です。実際の地震ではありません。本社・各拠点の全員が回答してください。',
      target: { kind: 'all' },
      channels: ['email'],
      drill: true,
    },
    expect: [200, 201],
  });
  return { id: created.body.id, created: created.status === 201, since: started };
}

/** Each answer through the link in that person's own e-mail, as they would. */
async function answerDrill(api, mailbox, drill, people, urls) {
  const employees = await employeesByNumber(api, people, Object.keys(drillAnswers));
  for (const [number, answer] of Object.entries(drillAnswers)) {
    const address = employees.get(number).companyEmail;
    const token = await waitFor(() => mailbox.find(address, /\/a\/([A-Za-z0-9_-]{43})/, drill.since), { timeoutMs: 60_000, intervalMs: 250, what: `the drill e-mail to ${number}` });
    const answerPage = `${urls.responses}/a/${token}`;
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' };
    // The answer page learns of a link from an event: it may not know the newest links yet.
    await waitFor(async () => (await fetch(answerPage, { method: 'POST', headers, body: new URLSearchParams(answer).toString() })).status === 200, {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: `the answer page to take ${number}'s answer`,
    });
  }
  await api.call('responses', 'POST', `/v1/alerts/${drill.id}/board`, { body: { body: boardMessage }, expect: [201] });
}

async function employeesByNumber(api, people, numbers) {
  const ids = numbers.map((number) => people.get(number));
  const { items } = (await api.call('tenant', 'GET', `/v1/directory/employees?ids=${ids.join(',')}&limit=200`)).body;
  return new Map(items.map((employee) => [employee.employeeNumber, employee]));
}

/** The local stack's mailbox: the mail catcher writes each mail to .stack/mail/<time>-<recipient>.txt. */
function directoryMailbox(directory) {
  return {
    find(address, pattern, since) {
      if (!fs.existsSync(directory)) return undefined;
      const names = fs
        .readdirSync(directory)
        .filter((name) => name.endsWith('.txt') && name.includes(address) && fs.statSync(path.join(directory, name)).mtimeMs >= since)
        .sort()
        .reverse();
      for (const name of names) {
        const match = pattern.exec(fs.readFileSync(path.join(directory, name), 'utf8'));
        if (match) return match[1];
      }
      return undefined;
    },
  };
}

module.exports = { demoOwner, demoDrill, drillAnswers, seedDemoTenant, directoryMailbox };
