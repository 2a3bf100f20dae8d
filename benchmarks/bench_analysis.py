"""Benchmark the analysis engine on a synthetic news corpus; prints figures, asserts nothing.

    .venv/bin/python benchmarks/bench_analysis.py [--articles 1000] [--seed 7]

Targets (issue 7): corroboration index over 1,000 articles (~5 KB each) built in < 5 s; one
passage looked up in < 50 ms (median); suggestions for a 1 MB article in < 20 ms once its
sentences are cached (the first, cold call is printed too).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from briefing.analysis.corroboration import CorroborationIndex
from briefing.analysis.suggestions import suggest_for_article
from briefing.core.codebook import default_themes
from briefing.core.records import Article
from briefing.core.sentences import split_sentences

ACTORS = ["Iran", "Russia", "China", "Turkey", "Belarus", "North Korea", "Syria", "Venezuela"]
OUTLETS = ["Reuters", "TASS", "AP", "AFP", "Bloomberg", "Trend", "IRNA", "Interfax"]
SPEAKERS = ["the G7", "NATO leaders", "the Kremlin", "the EU", "the State Department"]
ITEMS = [
    "ballistic missiles", "kamikaze drones", "artillery shells", "cruise missiles",
    "air defence systems", "surface-to-surface missiles", "fighter jets", "tank engines",
]  # fmt: skip
SUPPLY = ["supplied", "provided", "delivered", "sent", "transferred"]
WARN = ["warned", "cautioned", "urged"]
MONTHS = ["January", "February", "March", "April", "May", "June", "September", "December"]
CLAIMS = [
    "{src} reported that {a} had {supply} {b} with {n} {item} in {month}.",
    "According to {src}, {a} {supply} {b} with {n} {item} last {month}.",
    "{speaker} {warn} {a} against sending {item} to {b}, calling it a serious escalation.",
    "Trade between {a} and {b} reached ${m} billion, far below the target of ${m2} billion.",
    "In {month}, {a} and {b} agreed to stop using the US dollar in their bilateral trade.",
    "{a} and {b} signed a strategic cooperation agreement covering the next {y} years.",
    "Satellite images published by {src} showed new {item} factories in {a}.",
]
# Background sentences, varied per article so that the corpus is not mostly exact repeats.
FILLER = [
    "Analysts in {city} said the {word} deal reflected a shift seen in {n} recent cases.",
    "Officials in {city} declined to comment on the details of the {n}-page {word} plan.",
    "The {word} talks are expected to resume in {month}, according to {n} people briefed.",
    "Markets in {city} reacted calmly, with {word} prices up {n} points on {day}.",
    "Diplomats warned on {day} that {n} {word} disputes around {a} could escalate quickly.",
    "The {word} ministry in {city} did not respond to {n} requests for comment by {day}.",
    "Observers noted that {a} had made similar {word} statements {n} times since {month}.",
    "The {word} report could not be verified by {n} {src} journalists in {city}.",
    "{a}'s parliament is due to debate {n} {word} projects on {day}.",
    "A spokesman for {a} described the {n} {word} programmes as routine and defensive.",
]
CITIES = ["Tehran", "Moscow", "Beijing", "Ankara", "Minsk", "Damascus", "Caracas", "Baku"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
WORDS = [
    "energy", "transport", "housing", "irrigation", "railway", "port", "grain", "textile",
    "satellite", "fisheries", "tourism", "steel", "pipeline", "banking", "insurance", "water",
]  # fmt: skip


def _filler(rng: random.Random) -> str:
    return rng.choice(FILLER).format(
        city=rng.choice(CITIES), n=rng.randint(2, 300), month=rng.choice(MONTHS),
        day=rng.choice(DAYS), a=rng.choice(ACTORS), src=rng.choice(OUTLETS),
        word=rng.choice(WORDS),
    )  # fmt: skip


def _claim(rng: random.Random) -> dict[str, object]:
    a, b = rng.sample(ACTORS, 2)
    return {
        "template": rng.choice(CLAIMS), "a": a, "b": b, "src": rng.choice(OUTLETS),
        "speaker": rng.choice(SPEAKERS), "item": rng.choice(ITEMS), "n": rng.randint(2, 900),
        "month": rng.choice(MONTHS), "m": rng.randint(1, 40), "m2": rng.randint(41, 90),
        "y": rng.choice([5, 10, 20, 25]),
    }  # fmt: skip


def _render(claim: dict[str, object], rng: random.Random) -> str:
    text = str(claim["template"]).format(**claim, supply=rng.choice(SUPPLY), warn=rng.choice(WARN))
    return text[0].upper() + text[1:]


def synthetic_corpus(count: int, seed: int = 7, size: int = 5000) -> list[Article]:
    """`count` articles of about `size` characters; shared claims recur across articles."""
    rng = random.Random(seed)
    claims = [_claim(rng) for _ in range(max(50, count // 3))]
    articles = []
    for number in range(1, count + 1):
        paragraphs = [f"{rng.choice(ACTORS)} and {rng.choice(ACTORS)} in focus as talks resume"]
        length = 0
        while length < size:
            sentences = [_render(rng.choice(claims), rng) for _ in range(rng.randint(1, 2))]
            sentences += [_filler(rng) for _ in range(rng.randint(1, 3))]
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            length += len(paragraph) + 2
        articles.append(
            Article(
                id=number,
                title=paragraphs[0],
                text="\n\n".join(paragraphs),
                outlet=rng.choice(OUTLETS),
            )  # fmt: skip
        )
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    articles = synthetic_corpus(args.articles, args.seed)
    megabytes = sum(len(a.text) for a in articles) / 1e6
    distinct = len({s.text for a in articles for s in split_sentences(a.text)})
    print(
        f"corpus: {len(articles)} articles, {megabytes:.1f} M characters, "
        f"{distinct} distinct sentences"
    )

    began = time.perf_counter()
    index = CorroborationIndex.build(articles)
    built = time.perf_counter() - began
    print(f"index build: {built:.2f} s for {len(index)} sentences (target < 5 s)")

    rng = random.Random(args.seed)
    spans = index.sentences()
    timings, found = [], 0
    for article_id, start, end in rng.sample(spans, min(args.lookups, len(spans))):
        began = time.perf_counter()
        found += bool(index.lookup(article_id, start, end))
        timings.append(time.perf_counter() - began)
    print(
        f"lookup: median {statistics.median(timings) * 1e3:.1f} ms, "
        f"p95 {sorted(timings)[int(len(timings) * 0.95)] * 1e3:.1f} ms, "
        f"max {max(timings) * 1e3:.1f} ms over {len(timings)} passages; "
        f"{found} with matches (target median < 50 ms)"
    )

    big_text = "\n\n".join(a.text for a in articles[:200])[:1_000_000]
    big = Article(id=10_000, title="big", text=big_text)
    themes = default_themes()
    began = time.perf_counter()
    sentences = split_sentences(big.text)
    segmented = time.perf_counter() - began
    began = time.perf_counter()
    suggestions = suggest_for_article(big, themes)
    cold = time.perf_counter() - began
    began = time.perf_counter()
    suggest_for_article(big, themes)
    warm = time.perf_counter() - began
    print(
        f"suggestions for a {len(big.text) / 1e6:.1f} MB article: segmentation "
        f"{segmented * 1e3:.0f} ms ({len(sentences)} sentences), first call "
        f"{cold * 1e3:.0f} ms, repeat {warm * 1e3:.1f} ms (target < 20 ms); "
        f"{len(suggestions)} suggestions"
    )


if __name__ == "__main__":
    main()
