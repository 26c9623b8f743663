/**
 * The answer page's "use my current location" (served as /a/assets/location.js): when the
 * browser can tell where it is (a secure page with the Geolocation API), it shows the button
 * beside the "where are you now" field and, on a tap, writes the coordinates, the accuracy and
 * a map link into the field — text the person sees, may edit, and sends with the form. Nothing
 * is sent by the script itself. Written for old engines (no modules, no arrow functions); the
 * page works the same without it.
 */
export const currentLocationScript = `(function () {
  'use strict';
  var box = document.getElementById('geolocation');
  if (!box || !window.isSecureContext || !navigator.geolocation) return;
  var field = document.getElementById(box.getAttribute('data-for'));
  if (!field) return;
  var button = box.querySelector('button');
  var status = box.querySelector('[role=status]');
  var written = '';
  function say(key) { status.textContent = box.getAttribute('data-' + key); }
  function fill(template, values) {
    return template.replace(/\\{(lat|lon|accuracy)\\}/g, function (match, name) { return values[name]; });
  }
  box.style.display = '';
  button.addEventListener('click', function () {
    button.disabled = true;
    say('working');
    navigator.geolocation.getCurrentPosition(function (position) {
      var coordinates = position.coords;
      var text = fill(box.getAttribute('data-format'), {
        lat: coordinates.latitude.toFixed(5),
        lon: coordinates.longitude.toFixed(5),
        accuracy: String(Math.max(1, Math.round(coordinates.accuracy)))
      });
      // A second tap replaces the first position instead of adding another; what was typed stays.
      var typed = field.value.split(written).join('').replace(/\\s+$/, '');
      var combined = typed ? typed + ' ' + text : text;
      var limit = Number(field.getAttribute('maxlength')) || combined.length;
      field.value = combined.length <= limit ? combined : text.slice(0, limit);
      written = text;
      say('done');
      button.disabled = false;
    }, function (problem) {
      say(problem && problem.code === 1 ? 'denied' : 'failed');
      button.disabled = false;
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  });
})();
`;
