(function () {
  "use strict";
  var loaded = {}, waiting = {}, panel = null, opener = null;

  window.summarizerStory = function (id, data) {
    loaded[id] = data;
    (waiting[id] || []).forEach(function (show) { show(data); });
    delete waiting[id];
  };

  function load(story, show) {
    var id = story.id;
    if (loaded[id]) { show(loaded[id]); return; }
    if (waiting[id]) { waiting[id].push(show); return; }
    waiting[id] = [show];
    var script = document.createElement("script");
    script.src = story.getAttribute("data-file");
    script.onerror = function () {
      delete waiting[id];
      show(null);
    };
    document.head.appendChild(script);
  }

  function parse(ev) {
    var parts = ev.split(":");
    var spans = parts[1].split(",").map(function (pair) {
      var ends = pair.split("-");
      return [parseInt(ends[0], 10), parseInt(ends[1], 10)];
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    return { article: parseInt(parts[0], 10), spans: spans };
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }

  function close() {
    if (panel) { panel.remove(); }
    if (opener) { opener.setAttribute("aria-expanded", "false"); }
    panel = opener = null;
  }

  function place(target, box) {
    if (target.tagName === "LI") { target.appendChild(box); } else { target.after(box); }
    return box;
  }

  function render(target, data, ev) {
    var box = el("div", "panel");
    box.setAttribute("role", "region");
    var head = el("div", "panel-head");
    var shut = el("button", "shut", "\u00d7");
    shut.type = "button";
    shut.setAttribute("aria-label", "Close the article");
    shut.addEventListener("click", close);
    if (!data) {
      head.appendChild(el("span", "", "The article text could not be loaded."));
      head.appendChild(shut);
      box.appendChild(head);
      return place(target, box);
    }
    var where = parse(ev);
    var article = data.articles[where.article];
    head.appendChild(el("b", "", article.outlet));
    head.appendChild(document.createTextNode(" \u00b7 " + article.title + " "));
    if (typeof article.link === "string" && /^https?:\/\//i.test(article.link)) {
      var link = el("a", "", "open at " + article.outlet);
      link.href = article.link;
      link.rel = "noopener noreferrer";
      head.appendChild(link);
    }
    head.appendChild(shut);
    box.appendChild(head);
    // Offsets count code points, as Python does; JavaScript strings count UTF-16 units.
    var chars = Array.from(article.text);
    var piece = function (a, b) { return chars.slice(a, b).join(""); };
    var text = el("div", "article-text");
    var at = 0, first = null;
    where.spans.forEach(function (span) {
      var start = Math.max(span[0], at), end = Math.min(span[1], chars.length);
      if (end <= start) { return; }
      text.appendChild(document.createTextNode(piece(at, start)));
      var mark = el("mark", "", piece(start, end));
      text.appendChild(mark);
      first = first || mark;
      at = end;
    });
    text.appendChild(document.createTextNode(piece(at, chars.length)));
    box.appendChild(text);
    place(target, box);
    if (first) {
      text.scrollTop = Math.max(0, first.offsetTop - text.clientHeight / 3);
    }
    return box;
  }

  function open(item) {
    var again = item === opener;
    close();
    if (again) { return; }
    var story = item.closest(".story");
    var holder = item.closest("li, p") || item;
    var ev = item.getAttribute("data-ev");
    opener = item;
    item.setAttribute("aria-expanded", "true");
    load(story, function (data) {
      if (opener !== item) { return; }
      panel = render(holder, data, ev);
    });
  }

  document.addEventListener("click", function (event) {
    var item = event.target.closest(".ev[data-ev]");
    if (item) { open(item); }
  });
  document.addEventListener("keydown", function (event) {
    var item = event.target.closest && event.target.closest(".ev[data-ev]");
    if (item && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      open(item);
    }
  });
})();
