// Drives the unmodified messaging-api-messenger client against mockmessenger's
// server door and prints one JSON document with the outcome of every call.
// Usage: node fidelity.js  (env: MESSENGER_GRAPH_URL, PAGE_ACCESS_TOKEN, APP_SECRET, PSID)
'use strict';

const { MessengerClient } = require('messaging-api-messenger');

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`fidelity.js: environment variable ${name} is required\n`);
    process.exit(2);
  }
  return value;
};

const client = new MessengerClient({
  accessToken: env('PAGE_ACCESS_TOKEN'),
  appSecret: env('APP_SECRET'),
  origin: env('MESSENGER_GRAPH_URL'),
  ...(process.env.GRAPH_API_VERSION ? { version: process.env.GRAPH_API_VERSION } : {}),
});
const psid = env('PSID');

const calls = [
  ['sendText', () => client.sendText(psid, 'Hello from Node', { messagingType: 'RESPONSE' })],
  [
    'sendQuickReplies',
    () =>
      client.sendText(psid, 'Pick one', {
        messagingType: 'RESPONSE',
        quickReplies: [
          { contentType: 'text', title: 'Balance', payload: 'BALANCE' },
          { contentType: 'text', title: 'Cards', payload: 'CARDS' },
        ],
      }),
  ],
  [
    'sendButtonTemplate',
    () =>
      client.sendButtonTemplate(
        psid,
        'What next?',
        [
          { type: 'postback', title: 'Start over', payload: 'RESTART' },
          { type: 'web_url', title: 'Help', url: 'https://bank.example/help' },
        ],
        { messagingType: 'RESPONSE' }
      ),
  ],
  ['typingOn', () => client.typingOn(psid)],
  ['getUserProfile', () => client.getUserProfile(psid)],
  ['setGetStarted', () => client.setGetStarted('GET_STARTED')],
  [
    'setPersistentMenu',
    () =>
      client.setPersistentMenu([
        { type: 'postback', title: 'Balance', payload: 'BALANCE' },
        { type: 'web_url', title: 'Website', url: 'https://bank.example' },
      ]),
  ],
];

async function main() {
  const results = [];
  for (const [name, call] of calls) {
    try {
      results.push({ name, ok: true, result: await call() });
    } catch (error) {
      const response = error.response || {};
      results.push({
        name,
        ok: false,
        status: response.status || null,
        error: response.data || String(error.message || error),
      });
    }
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main();
