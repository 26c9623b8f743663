import { Controller, Get, Header } from '@nestjs/common';
import { currentLocationScript } from '../answer-page/current-location-script';

/**
 * The answer page's notification script: when the browser can (a secure page, service workers, Push
 * API), it shows the "notify me" box and, on a tap, subscribes this browser with the company's
 * VAPID key and hands the subscription to the answer link's own endpoint. Written for old
 * engines (no modules, no arrow functions); a page without it works exactly the same.
 */
const pageScript = `(function () {
  'use strict';
  var box = document.getElementById('push');
  if (!box || !window.isSecureContext || !('serviceWorker' in navigator) || !('PushManager' in window) || !window.fetch) return;
  var button = box.querySelector('button');
  var status = box.querySelector('[role=status]');
  var path = box.getAttribute('data-path');
  function say(key) { status.textContent = box.getAttribute('data-' + key); }
  function bytes(base64url) {
    var text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((base64url.length + 3) % 4));
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i);
    return out;
  }
  function ok(response) { if (!response.ok) throw response; return response; }
  box.style.display = '';
  button.addEventListener('click', function () {
    button.disabled = true;
    say('working');
    Promise.all([
      fetch(path + '/push-key', { credentials: 'omit' }).then(ok).then(function (response) { return response.json(); }),
      navigator.serviceWorker.register('/a/assets/push-worker.js', { scope: '/a/' }).then(function () { return navigator.serviceWorker.ready; })
    ]).then(function (found) {
      return found[1].pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes(found[0].publicKey) });
    }).then(function (subscription) {
      return fetch(path + '/push-subscription', { method: 'POST', credentials: 'omit', headers: { 'content-type': 'application/json' }, body: JSON.stringify(subscription) }).then(ok);
    }).then(function () {
      say('done');
    }, function (problem) {
      say(problem && problem.status === 404 ? 'unavailable' : 'failed');
      button.disabled = false;
    });
  });
})();
`;

/** Shows each push (a re-send) as a notification that stays until tapped; a tap opens the answer page. */
const serviceWorker = `self.addEventListener('push', function (event) {
  var message = {};
  try { message = event.data ? event.data.json() : {}; } catch (error) { message = {}; }
  event.waitUntil(self.registration.showNotification(message.title || 'Anpi', { body: message.body || '', tag: message.url || 'anpi', requireInteraction: true, data: { url: message.url } }));
});
self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  var url = event.notification.data && event.notification.data.url;
  if (url) event.waitUntil(self.clients.openWindow(url));
});
`;

// Under /a/ like the answer pages: the ingress routes /a/ to this service, and no token is "assets" (43 characters).
@Controller('a/assets')
export class AnswerPageAssetsController {
  @Get('push.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'public, max-age=3600')
  @Header('x-content-type-options', 'nosniff')
  pageScript(): string {
    return pageScript;
  }

  @Get('location.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'public, max-age=3600')
  @Header('x-content-type-options', 'nosniff')
  locationScript(): string {
    return currentLocationScript;
  }

  /** Served from /a/assets/ but allowed to cover the answer pages (/a/), where it is registered. */
  @Get('push-worker.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @Header('service-worker-allowed', '/a/')
  @Header('x-content-type-options', 'nosniff')
  serviceWorker(): string {
    return serviceWorker;
  }
}
