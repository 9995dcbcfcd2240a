import { checkWebhookUrl } from './webhook-url';

describe('checkWebhookUrl', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'https://10.1.2.3/hook',
    'https://192.168.0.10/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/hook',
    'https://[fd00::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
  ])('refuses the private or loopback %s', async (url) => {
    await expect(checkWebhookUrl(url, false)).rejects.toMatchObject({
      code: 'webhook_url_not_allowed',
      errors: [{ field: 'webhookUrl', message: expect.any(String) }],
    });
  });

  it('accepts a public address', async () => {
    await expect(checkWebhookUrl('https://8.8.8.8/hook', false)).resolves.toBe('https://8.8.8.8/hook');
  });

  it('accepts a private address when the deployment allows it', async () => {
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', true)).resolves.toBe('http://127.0.0.1:8080/hook');
  });

  it('refuses credentials in the URL and other schemes', async () => {
    await expect(checkWebhookUrl('https://user:pw@8.8.8.8/hook', true)).rejects.toThrow('webhook_url_not_allowed');
    await expect(checkWebhookUrl('ftp://8.8.8.8/hook', true)).rejects.toThrow('webhook_url_not_allowed');
  });
});
