"""Saved news pages written for the tests: an article among the furniture real sites carry.

Every page has navigation, a share bar, a newsletter box, related links, a comment form and a
footer around the article, as the pages analysts save do; `BODY` is what a person would call
"the article", and `FURNITURE` what must not reach the reader.
"""

from __future__ import annotations

BODY = [
    "BAKU, Azerbaijan, June 14. Leaders of the Group of Seven issued a warning to Iran against "
    "supplying Russia with ballistic missiles, following the announcement that a strategic "
    "agreement between the two countries had been halted.",
    "“We urge Iran to cease its support for Russia’s war in Ukraine and to refrain from "
    "transferring ballistic missiles and related technologies, as this would constitute a "
    "significant escalation and a direct threat to European security,” said the G7.",
    "In February, news agencies reported that Iran had supplied Russia with a large number of "
    "powerful surface-to-surface ballistic missiles. The claim was later repeated by the UK "
    "defence secretary, who said he had seen the evidence but declined to share details.",
    "Iran denied providing the weapons, and the United States said it could not confirm the "
    "transfers, but it assumed Tehran intended to provide missiles to Moscow.",
    "Russia and Iran have expanded their economic ties, with mutual trade standing at $4 "
    "billion — far below the target of $40 billion that officials set three years ago.",
]
FURNITURE = [
    "Home",
    "World news",
    "Subscribe to our newsletter",
    "Share on Facebook",
    "Related: Oil prices rise as sanctions bite",
    "Leave a comment",
    "All rights reserved",
    "Accept cookies",
    "Most read this week",
]
HIDDEN = ["IFRAME_TEXT", "NOSCRIPT_TEXT", "HIDDEN_TEXT", "UNDISPLAYED_TEXT", "SCRIPT_SECRET",
          "STYLE_SECRET", "TEMPLATE_TEXT", "SVG_TEXT"]  # fmt: skip


def news_page(
    body: list[str] = BODY,
    title: str = "G7 cautions Iran against supplying ballistic missiles to Russia",
    site: str = "Trend",
    author: str = "Ingilab Mammadov",
    published: str = "2024-06-14T23:40:00+04:00",
    charset: str = "utf-8",
) -> str:
    paragraphs = "\n".join(f"      <p>{p}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="{charset}">
  <title>{title} | {site}</title>
  <meta property="og:site_name" content="{site}">
  <meta property="og:title" content="{title}">
  <meta name="author" content="{author}">
  <meta property="article:published_time" content="{published}">
  <link rel="stylesheet" href="http://example.com/site.css">
  <script src="http://example.com/track.js"></script>
  <script>var secret = "SCRIPT_SECRET";</script>
  <style>p {{ color: red }} /* STYLE_SECRET */</style>
</head>
<body>
  <div class="cookie-banner">We use cookies. <button>Accept cookies</button></div>
  <header class="site-header">
    <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
    <li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav>
  </header>
  <main>
    <article>
      <h1>{title}</h1>
      <div class="byline">By {author} · 14 June 2024</div>
      <div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
{paragraphs}
      <iframe src="http://ads.example.com/">IFRAME_TEXT</iframe>
      <noscript>NOSCRIPT_TEXT</noscript>
      <template><p>TEMPLATE_TEXT</p></template>
      <svg viewBox="0 0 10 10"><text>SVG_TEXT</text></svg>
      <div hidden>HIDDEN_TEXT</div>
      <div style="display: none">UNDISPLAYED_TEXT</div>
    </article>
    <aside class="newsletter"><h3>Subscribe to our newsletter</h3>
      <form><input type="email" placeholder="Your email"><button>Sign up</button></form></aside>
    <aside class="related"><h3>Related</h3><ul>
      <li><a href="/a">Related: Oil prices rise as sanctions bite</a></li>
      <li><a href="/b">Related: Talks resume in Vienna</a></li></ul></aside>
    <section class="comments"><h3>Leave a comment</h3><form><textarea></textarea></form></section>
    <aside class="most-read"><h3>Most read this week</h3><ol>
      <li><a href="/c">Storm hits coast</a></li><li><a href="/d">Markets fall</a></li></ol></aside>
  </main>
  <footer><p>© 2024 Trend News Agency. All rights reserved.</p>
    <ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li></ul></footer>
</body>
</html>
"""
