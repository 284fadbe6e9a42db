import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiBaseUrl } from '../../src/cli/apiBaseUrl.js';

void test("the function app's address with or without /api and trailing slashes gives one base URL", () => {
  for (const typed of [
    'http://127.0.0.1:7071',
    'http://127.0.0.1:7071/',
    'http://127.0.0.1:7071/api',
    'http://127.0.0.1:7071/api/',
    'http://127.0.0.1:7071/api//',
    'http://127.0.0.1:7071/API',
  ]) {
    assert.equal(apiBaseUrl(typed), typed.endsWith('API') ? typed : 'http://127.0.0.1:7071/api', typed);
  }
  assert.equal(apiBaseUrl('https://app.azurewebsites.net'), 'https://app.azurewebsites.net/api');
  assert.equal(apiBaseUrl('https://gw.example/translator/'), 'https://gw.example/translator/api');
  assert.equal(apiBaseUrl('https://gw.example/translator/api?x=1'), 'https://gw.example/translator/api');
});
