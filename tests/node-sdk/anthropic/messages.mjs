// The official Anthropic Node SDK against GatoLink's /v1/messages: one message and one stream.
// Prints one JSON line of what it saw; exits non-zero when the SDK throws. Run by AnthropicNodeSdkTests.
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ baseURL: process.env.GATOLINK_URL, apiKey: process.env.GATOLINK_KEY, maxRetries: 0 });

const message = await client.messages.create({
  model: 'demo-8b',
  max_tokens: 6,
  system: 'You are terse.',
  messages: [{ role: 'user', content: 'Say hello' }],
});

const events = [];
let streamedText = '';
const stream = client.messages.stream({
  model: 'demo-8b',
  max_tokens: 5,
  messages: [{ role: 'user', content: 'Stream please' }],
});
for await (const event of stream) {
  events.push(event.type);
  if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
    streamedText += event.delta.text;
  }
}
const final = await stream.finalMessage();

console.log(JSON.stringify({
  message: { id: message.id, text: message.content[0].text, stop_reason: message.stop_reason, usage: message.usage },
  stream: { id: final.id, events, text: streamedText, final_text: final.content[0].text, stop_reason: final.stop_reason, usage: final.usage },
}));
