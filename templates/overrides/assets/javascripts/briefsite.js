/* Briefsite's additions to Material, loaded on every page (mkdocs.yml extra_javascript):
 * - mermaid from the site's own pinned copy (assets/javascripts/mermaid.min.js, copied in at build time), loaded
 *   only when a page has a diagram: Material would fetch it from unpkg.com;
 * - Pagefind search in Material's search box: the index is fetched in small pieces, only once someone goes to
 *   search (a pointer over the box, focus on it, or the "/" key), and each result's text only when that result
 *   is on screen;
 * - keyboard access: scrollable tables take focus, the palette toggle works with Enter and Space.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var assets = new URL(".", script.src); // <site>/assets/javascripts/
  var root = new URL("../../", assets); // the site's root, whatever page this was first loaded on

  // --- mermaid -------------------------------------------------------------------------------------------------
  // Material uses a global `mermaid` if there is one (else it loads unpkg's): it calls initialize() once, then
  // render(id, text) for each diagram. This stand-in loads the pinned copy on the first render.
  if (typeof window.mermaid === "undefined") {
    var settings = null;
    var loading = null;
    var load = function () {
      loading = loading || new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = new URL("mermaid.min.js", assets).href;
        tag.onload = function () {
          var real = window.mermaid;
          if (!real || typeof real.render !== "function") {
            reject(new Error("mermaid.min.js did not define mermaid"));
            return;
          }
          if (settings) real.initialize(settings);
          resolve(real);
        };
        tag.onerror = function () { reject(new Error("could not load " + tag.src)); };
        document.head.appendChild(tag);
      });
      return loading;
    };
    window.mermaid = {
      initialize: function (config) { settings = config; },
      render: function (id, text) {
        return load().then(function (real) { return real.render(id, text); });
      }
    };
  }

  // --- search --------------------------------------------------------------------------------------------------
  var dialog = document.querySelector("[data-briefsite-search]");
  var toggle = document.getElementById("__search");
  var BATCH = 5; // results whose text is fetched at once: about what the search box shows without scrolling
  var engine = null;

  // Started as soon as someone goes to search, before the first key: the script, the wasm and the index's
  // metadata load while they type. No worker: it would be one more script (41 KB) to fetch and start before
  // the first result, for a search that takes a few milliseconds. (<link rel=preload> for the wasm and the entry
  // measured slower; fetch() from here, which Pagefind's own fetch() then finds in the cache, faster: prefetch.)
  function pagefind() {
    if (engine) return engine;
    var tag = String(Date.now());
    prefetch(tag);
    engine = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
      return Promise.resolve(module.options({ baseUrl: root.pathname, excerptLength: 24, noWorker: true,
                                              metaCacheTag: tag }))
        .then(function () {
          module.init();
          setTimeout(warm, 0);
          return module;
        });
    });
    return engine;
  }

  // Pagefind reads its entry file (which names the metadata) once its script is in, then the metadata and the
  // WebAssembly: three round trips one after the other. Asked for here, beside the script, the same requests
  // (the entry with the same ?ts= tag, fresh for this page) are answered from the browser's cache when Pagefind
  // makes them. Errors are Pagefind's to report.
  function prefetch(tag) {
    var base = new URL("pagefind/", root);
    var take = function (response) { return response.ok ? response.arrayBuffer() : null; };
    fetch(new URL("pagefind-entry.json?ts=" + tag, base)).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (entry) {
      var language = entry && entry.languages && entry.languages.en;
      if (!language) return;
      fetch(new URL("pagefind." + language.hash + ".pf_meta", base)).then(take);
      fetch(new URL("wasm." + (language.wasm || "unknown") + ".pagefind", base)).then(take);
    }).catch(function () {});
  }

  // Pagefind splits every query into graphemes with Intl.Segmenter. The first segmenter a page makes loads the
  // browser's break rules: 30-50 ms on the main thread (bench/search_trace.py), spent after the index is in.
  // Made here, while the index files are on their way, the one Pagefind makes for the query is ready at once.
  function warm() {
    if (typeof Intl !== "undefined" && typeof Intl.Segmenter === "function") {
      new Intl.Segmenter("en", { granularity: "grapheme" }).segment(" ");
    }
  }

  // Pagefind's excerpt marks the matched words with <mark>; everything else in it is page text. Rebuild it from
  // text and <mark> only, so nothing in an excerpt is ever treated as markup.
  function excerpt(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var out = document.createElement("p");
    out.className = "md-search-result__teaser";
    holder.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent || ""));
      }
    });
    return out;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(title);
    article.appendChild(excerpt(data.excerpt || ""));
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  if (dialog && toggle) {
    var input = dialog.querySelector("[data-briefsite-search-query]");
    var meta = dialog.querySelector("[data-briefsite-search-meta]");
    var list = dialog.querySelector("[data-briefsite-search-list]");
    var form = dialog.querySelector("form");
    var initial = meta.textContent.trim();
    var asked = 0;

    // Each result's text is a separate small download. The first result's text is fetched alone and shown at
    // once; then the rest of the first screen's batch, fetched together and shown in rank order, each as soon as
    // it and those before it are in; the next batch is fetched only when the last result shown scrolls into
    // view (or is reached with the arrow keys).
    var show = function (results, start, ticket) {
      var end = start === 0 ? 1 : start === 1 ? BATCH : start + BATCH;
      var pending = results.slice(start, end).map(function (r) { return r.data(); });
      return pending.reduce(function (previous, next) {
        return previous.then(function () { return next; }).then(function (data) {
          if (ticket === asked) list.appendChild(item(data));
        });
      }, Promise.resolve()).then(function () {
        var last = list.lastElementChild;
        if (ticket !== asked || end >= results.length || !last) return;
        if (end === 1 || !("IntersectionObserver" in window)) return show(results, end, ticket);
        var watch = new IntersectionObserver(function (entries) {
          if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
          watch.disconnect();
          if (ticket === asked) show(results, end, ticket);
        });
        watch.observe(last);
      });
    };

    var run = function () {
      var query = input.value.trim();
      var ticket = ++asked;
      if (!query) {
        list.replaceChildren();
        meta.textContent = initial;
        return;
      }
      pagefind().then(function (module) {
        return module.search(query);
      }).then(function (search) {
        if (ticket !== asked) return null; // a newer query is on its way
        var count = search.results.length;
        meta.textContent = count === 0 ? "No matching documents"
          : count === 1 ? "1 matching document" : count + " matching documents";
        list.replaceChildren();
        return show(search.results, 0, ticket);
      }).catch(function (error) {
        meta.textContent = "Search is not available: " + error.message;
      });
    };

    var open = function () {
      toggle.checked = true;
      pagefind();
    };
    var close = function () {
      toggle.checked = false;
      input.blur();
    };

    input.addEventListener("focus", open);
    form.addEventListener("pointerenter", pagefind, { once: true }); // a pointer on its way to the box
    input.addEventListener("input", run);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) first.click();
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { run(); input.focus(); }, 0);
    });
    dialog.addEventListener("click", function (event) {
      if (event.target instanceof Element && event.target.closest("a")) toggle.checked = false;
    });
    dialog.addEventListener("focusout", function (event) { // tabbing on past the search closes it
      if (event.relatedTarget instanceof Node && !dialog.contains(event.relatedTarget)) toggle.checked = false;
    });
    dialog.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") {
        close();
      } else if (event.key === "ArrowDown" && links.length) {
        event.preventDefault();
        links[Math.min(at + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        (at === 0 ? input : links[at - 1]).focus();
      }
    });
    toggle.addEventListener("change", function () {
      if (toggle.checked) input.focus();
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target instanceof HTMLElement &&
        (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "/" || event.key === "s" || event.key === "f") {
        event.preventDefault();
        open();
        input.focus();
      }
    });
  }

  // --- keyboard access to Material's chrome --------------------------------------------------------------------
  // The palette toggle is a radio button hidden behind its label: Enter and Space switch it, like a button.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target instanceof HTMLInputElement &&
        target.name === "__palette") {
      var label = target.nextElementSibling;
      if (label && label.tagName === "LABEL") {
        event.preventDefault();
        label.click();
        var next = document.getElementById(label.htmlFor);
        if (next) next.focus();
      }
    }
  });

  // Material wraps each table in a scrolling box; a box that scrolls must take focus to scroll by keyboard.
  var focusable = function () {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (!box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var caption = box.querySelector("caption, th");
        box.setAttribute("aria-label", caption ? "Table: " + caption.textContent.trim() : "Table");
      }
    });
  };
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(focusable);
  } else {
    document.addEventListener("DOMContentLoaded", focusable);
  }
})();
