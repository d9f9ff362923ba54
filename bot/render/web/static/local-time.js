// Meeting times arrive as <time datetime="...">Tue 2 Dec 17:00 UTC</time>; say them in the
// reader's own zone instead. The only script on the page; the server sends its hash in the CSP.
(function () {
  "use strict";
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
    return;
  }
  var day = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    weekday: "short", month: "short", day: "numeric"
  });
  // 24-hour or 12-hour as the reader's own language writes it (zh-CN, en-GB: 21:00; en-US: 09:00 PM).
  var mine = (navigator.languages && navigator.languages[0]) || navigator.language || undefined;
  var clock = new Intl.DateTimeFormat(mine, {hour: "2-digit", minute: "2-digit"});
  var times = document.querySelectorAll("time[datetime]");
  for (var i = 0; i < times.length; i++) {
    var when = new Date(times[i].getAttribute("datetime"));
    if (isNaN(when.getTime())) {
      continue;
    }
    times[i].title = times[i].textContent;
    times[i].textContent = day.format(when) + " " + clock.format(when) + " " + zone;
  }
})();
