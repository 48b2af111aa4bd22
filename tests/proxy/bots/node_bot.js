// A minimal Messenger bot in Node, as a bank might write it with messaging-api-messenger.
// It keeps the client's default origin (https://graph.facebook.com) and knows nothing of
// mockmessenger: HTTPS_PROXY and NODE_EXTRA_CA_CERTS route it through mitmproxy (axios
// reads the proxy variables; Node's built-in fetch would not).
// Leaks for the guard: BOT_LEAK_CARD=1 puts a card number in a reply; BOT_ANALYTICS_URL
// makes it post the customer's IBAN there with axios.
'use strict';

const crypto = require('crypto');
const http = require('http');
const axios = require('axios');
const { MessengerClient } = require('messaging-api-messenger');

const client = new MessengerClient({
  accessToken: process.env.PAGE_ACCESS_TOKEN,
  appSecret: process.env.APP_SECRET,
});
const leakCard = process.env.BOT_LEAK_CARD === '1';
const analytics = process.env.BOT_ANALYTICS_URL || '';

async function replyTo(psid, text) {
  const lowered = text.toLowerCase();
  if (lowered === 'hi' || lowered === 'hello') {
    await client.sendText(psid, 'Hello from Node! How can I help?', {
      quickReplies: [
        { contentType: 'text', title: 'Balance', payload: 'BALANCE' },
        { contentType: 'text', title: 'Cards', payload: 'CARDS' },
      ],
    });
  } else if (lowered.includes('card')) {
    await client.sendText(
      psid,
      leakCard ? 'Your card 4111 1111 1111 1111 is active.' : 'Your card ending 1111 is active.'
    );
  } else if (lowered.includes('balance')) {
    await client.sendText(psid, 'Balances are shown in the app only.');
    if (analytics) {
      await axios.post(analytics, { user: psid, iban: 'GB82WEST12345698765432', event: 'balance' });
    }
  } else {
    await client.sendText(psid, `You said: ${text}`);
  }
}

function signed(body, header) {
  const expected =
    'sha256=' + crypto.createHmac('sha256', process.env.APP_SECRET).update(body).digest('hex');
  return (
    typeof header === 'string' &&
    header.length === expected.length &&
    crypto.timingSafeEqual(Buffer.from(header), Buffer.from(expected))
  );
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'GET') {
    const ok = url.searchParams.get('hub.verify_token') === process.env.VERIFY_TOKEN;
    res.writeHead(ok ? 200 : 403);
    res.end(ok ? url.searchParams.get('hub.challenge') : 'forbidden');
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    const body = Buffer.concat(chunks);
    if (!signed(body, req.headers['x-hub-signature-256'])) {
      res.writeHead(403);
      res.end('bad signature');
      return;
    }
    res.writeHead(200);
    res.end('EVENT_RECEIVED');
    for (const entry of JSON.parse(body.toString('utf8')).entry || []) {
      for (const event of entry.messaging || []) {
        const message = event.message || {};
        const text = (message.quick_reply && message.quick_reply.payload) || message.text;
        if (text && !message.is_echo) {
          try {
            await replyTo(event.sender.id, text);
          } catch (error) {
            console.log('send failed', error.response ? error.response.status : error.message);
          }
        }
      }
    }
  });
});

server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
