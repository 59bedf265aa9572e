// Writes data/tickets.csv: 300 labelled support tickets, the same bytes on every run.
//
//   node samples/classification_suite/data/generate_tickets.js
//
// Each ticket is built from sentences about one category, so its label is the one the mock
// model's keyword oracle holds true (the "- label: keywords" lines of the suite's system
// prompt; src/local/mockLlm/labelling.ts). The script checks that before writing: a ticket
// whose words hit another category's keywords as often would make the gold label ambiguous.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The categories and their keywords, exactly as the system prompts list them. */
const KEYWORDS = {
  billing: ['invoice', 'refund', 'charged', 'payment', 'receipt'],
  technical: ['error', 'crash', 'bug', 'freezes', 'install'],
  account: ['password', 'login', 'username', 'locked', 'verification'],
  shipping: ['delivery', 'parcel', 'tracking', 'courier', 'shipped'],
};

const SUBJECTS = {
  billing: ['Question about my invoice', 'Refund not received', 'Charged twice', 'Payment did not go through', 'Missing receipt'],
  technical: ['App shows an error', 'Crash on start', 'Possible bug in export', 'Screen freezes', 'Cannot install the update'],
  account: ['Forgot my password', 'Login problem', 'Change my username', 'Account locked', 'Verification code never arrives'],
  shipping: ['Where is my delivery?', 'Parcel arrived damaged', 'Tracking number not working', 'Courier did not come', 'Order not shipped yet'],
};

const SENTENCES = {
  billing: [
    'The invoice for last month shows the wrong amount.',
    'I asked for a refund two weeks ago and have heard nothing.',
    'I was charged twice for the same order.',
    'My card payment was declined although the bank says it is fine.',
    'Could you send me a receipt for my company?',
    'The refund was smaller than the price I paid.',
  ],
  technical: [
    'The app shows an error as soon as I open the settings page.',
    'It started to crash after yesterday\'s update.',
    'I think there is a bug: the export is always empty.',
    'The screen freezes when I upload a large photo.',
    'The install stops at ninety percent on my laptop.',
    'Every time I press save I get the same error message.',
  ],
  account: [
    'I forgot my password and the reset link has expired.',
    'The login page keeps sending me back to the start.',
    'I would like to change my username to my new name.',
    'My account is locked after three attempts.',
    'The verification code never reaches my phone.',
    'Since the password change I cannot get in at all.',
  ],
  shipping: [
    'The delivery was promised for Monday and nothing came.',
    'The parcel arrived with a torn box and a broken lid.',
    'The tracking page has not changed for six days.',
    'The courier says nobody was home, but I was waiting all day.',
    'My order still has not shipped after a week.',
    'The parcel went to my old address instead of the new one.',
  ],
};

const OPENINGS = ['Hello,', 'Hi team,', 'Good morning,', 'Dear support,', 'Hi,'];
const CLOSINGS = ['Thanks for your help.', 'Please get back to me soon.', 'Kind regards.', 'Thank you.', 'This is urgent for me.'];
const CHANNELS = ['email', 'chat', 'phone', 'web form'];

/** mulberry32: a small seeded generator, so the file is identical on every machine. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Keyword hits as the mock counts them: a keyword matches a word that starts with it. */
function hits(text, keywords) {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
  return keywords.reduce((total, keyword) => total + words.filter((word) => word.startsWith(keyword)).length, 0);
}

function ticket(random, category, index) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const first = pick(SENTENCES[category]);
  const second = pick(SENTENCES[category].filter((sentence) => sentence !== first));
  const subject = pick(SUBJECTS[category]);
  const body = `${pick(OPENINGS)} ${first} ${second} ${pick(CLOSINGS)}`;
  const message = `${subject} ${body}`;
  const own = hits(message, KEYWORDS[category]);
  for (const [other, keywords] of Object.entries(KEYWORDS)) {
    if (other !== category && hits(message, keywords) >= own) throw new Error(`ticket ${index}: '${message}' hits ${other} as often as ${category}`);
  }
  return { id: `T${String(index + 1).padStart(4, '0')}`, channel: pick(CHANNELS), subject, body, category };
}

function csvField(value) {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function main() {
  const random = seeded(20260915);
  const categories = Object.keys(KEYWORDS);
  // 75 tickets per category, in a shuffled order.
  const labels = categories.flatMap((category) => Array.from({ length: 75 }, () => category));
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  const rows = labels.map((category, index) => ticket(random, category, index));
  const columns = ['id', 'channel', 'subject', 'body', 'category'];
  const lines = [columns.join(','), ...rows.map((row) => columns.map((column) => csvField(row[column])).join(','))];
  const file = path.join(__dirname, 'tickets.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  console.log(`wrote ${rows.length} tickets to ${path.relative(process.cwd(), file)}`);
}

main();
