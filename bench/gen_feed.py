#!/usr/bin/env python3
"""Writes a large, realistic news feed for the parser benchmark (python3 standard library only).

The output looks like what big news sites and WordPress publish: namespaces declared on the root
(content, dc, atom, media), items with title, link, guid, RFC 822 pubDate, dc:creator, several
categories, an escaped-HTML description of about 300 bytes, a 2-4 KB content:encoded in CDATA
(paragraphs, links, images, some relative URLs), media:content, an enclosure and comments.
The same seed and size always give the same bytes, so runs on different days are comparable.

  bench/gen_feed.py --size-mb 24 --seed 1 -o /tmp/feed.xml
  bench/gen_feed.py --format atom -o /tmp/feed.atom
"""

import argparse
import datetime
import html
import random
import sys

SITE = "https://news.example.com"
FEED_URL = SITE + "/feed/"

WORDS = (
    "the government said on monday that new rules for energy markets would take effect next year "
    "after months of talks between ministers regulators and industry groups officials expect "
    "prices to fall slowly while critics warn that households could still face higher bills "
    "during winter analysts at several banks noted that demand rose sharply in the third quarter "
    "as factories reopened and exports recovered the central bank kept interest rates unchanged "
    "citing uncertainty over inflation wages and global trade a spokesperson declined to comment "
    "on reports that the plan had been delayed researchers published a study showing that "
    "coastal cities are sinking faster than expected the team measured satellite data across "
    "three decades local councils have asked for more funding to protect roads schools and "
    "hospitals the football club confirmed the signing of a young striker from abroad fans "
    "gathered outside the stadium to celebrate a late winner in the derby"
).split()

NAMES = (
    "Ana García", "James O'Brien", "Mei Lin", "Oluwaseun Adeyemi", "Sophie Müller",
    "Rahul Sharma", "Chloé Durand", "Lars Østergaard", "Emily Clark", "Tomás Novák",
)

SECTIONS = (
    "World", "Politics", "Business", "Technology", "Science", "Health", "Sport", "Culture",
    "Climate", "Europe", "Asia & Pacific", "Opinion", "Analysis", "Markets", "Football",
)

TIMEZONES = ("+0000", "GMT", "-0500", "+0100", "-0800", "+0530")
TZ_OFFSETS = {"+0000": 0, "GMT": 0, "-0500": -300, "+0100": 60, "-0800": -480, "+0530": 330}
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ItemMaker:
    """Makes the fields of one news item from a seeded random generator."""

    def __init__(self, rng):
        self.rng = rng
        self.start = datetime.datetime(2024, 3, 15, 18, 0, 0, tzinfo=datetime.timezone.utc)

    def words(self, low, high):
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def sentence(self):
        text = self.words(8, 22)
        return text[0].upper() + text[1:] + "."

    def title(self):
        text = self.words(6, 12)
        title = text[0].upper() + text[1:]
        # Real titles carry ampersands, quotes and dashes; they exercise escapes and UTF-8.
        extra = self.rng.random()
        if extra < 0.15:
            title += " & " + self.rng.choice(SECTIONS).lower()
        elif extra < 0.3:
            title = "“" + title + "” — live"
        elif extra < 0.4:
            title += ": what we know so far"
        return title

    def when(self, index):
        moment = self.start - datetime.timedelta(minutes=7 * index + self.rng.randint(0, 6))
        return moment, self.rng.choice(TIMEZONES)

    def link(self, index, moment):
        slug = "-".join(self.words(4, 8).split())
        return f"{SITE}/{moment:%Y/%m/%d}/{slug}-{100000 + index}"

    def paragraph_html(self, index, paragraph):
        parts = [self.sentence() for _ in range(self.rng.randint(2, 4))]
        roll = self.rng.random()
        if roll < 0.35:
            # A third of the links are relative, as WordPress and many CMSs emit them.
            href = (f"/{self.rng.choice(SECTIONS).lower().replace(' ', '-')}/{index}-{paragraph}"
                    if self.rng.random() < 0.5 else f"{SITE}/topics/{self.rng.choice(WORDS)}")
            parts.insert(1, f'Read <a href="{href}">{self.words(2, 5)}</a> for more.')
        elif roll < 0.5:
            strong, emphasis = self.words(2, 4), self.words(1, 3)
            parts.insert(1, f"<strong>{strong}</strong> &amp; <em>{emphasis}</em>.")
        return "<p>" + " ".join(parts) + "</p>"

    def image_html(self, index, n):
        src = (f"/wp-content/uploads/2024/03/photo-{index}-{n}.jpg" if self.rng.random() < 0.4
               else f"https://cdn.example.com/images/{index}/{n}/1200x675.jpg")
        return (f'<figure><img src="{src}" alt="{self.words(3, 6)}" width="1200" height="675" '
                f'loading="lazy" /><figcaption>{self.sentence()}</figcaption></figure>')

    def content(self, index):
        target = self.rng.randint(2000, 4000)
        chunks, size, n = [], 0, 0
        while size < target:
            n += 1
            chunk = self.image_html(index, n) if n % 4 == 2 else self.paragraph_html(index, n)
            if n % 6 == 0:
                chunk = f"<h2>{self.words(3, 7).capitalize()}</h2>" + chunk
            chunks.append(chunk)
            size += len(chunk) + 1
        return "\n".join(chunks)

    def description(self):
        text = ""
        while len(text) < 230:
            text += self.sentence() + " "
        return f'<p>{text.strip()}</p><p>The post <a href="{SITE}/">appeared first</a>.</p>'

    def categories(self):
        return self.rng.sample(SECTIONS, self.rng.randint(2, 5))


def rfc822(moment, zone):
    local = moment + datetime.timedelta(minutes=TZ_OFFSETS[zone])
    return (f"{DAYS[local.weekday()]}, {local.day:02d} {MONTHS[local.month - 1]} {local.year} "
            f"{local:%H:%M:%S} {zone}")


def rss_item(maker, index):
    moment, zone = maker.when(index)
    link = maker.link(index, moment)
    esc = html.escape
    guid = (f'<guid isPermaLink="true">{link}</guid>' if index % 3 else
            f'<guid isPermaLink="false">{SITE}/?p={200000 + index}</guid>')
    lines = [
        "<item>",
        f"<title>{esc(maker.title(), quote=False)}</title>",
        f"<link>{link}</link>",
        guid,
        f"<pubDate>{rfc822(moment, zone)}</pubDate>",
        f"<dc:creator><![CDATA[{maker.rng.choice(NAMES)}]]></dc:creator>",
    ]
    lines += [f"<category><![CDATA[{c}]]></category>" for c in maker.categories()]
    lines += [
        f"<description>{esc(maker.description(), quote=False)}</description>",
        f"<content:encoded><![CDATA[{maker.content(index)}]]></content:encoded>",
        f'<media:content url="https://cdn.example.com/images/{index}/lead.jpg" medium="image" '
        f'type="image/jpeg" width="1200" height="675"><media:title type="plain">'
        f"{esc(maker.words(3, 6))}</media:title></media:content>",
    ]
    if index % 5 == 0:
        lines.append(f'<enclosure url="https://cdn.example.com/audio/{index}.mp3" '
                     f'length="{maker.rng.randint(1_000_000, 90_000_000)}" type="audio/mpeg" />')
    lines.append(f"<comments>{link}#comments</comments>")
    lines.append("</item>")
    return "\n".join(lines) + "\n"


def atom_item(maker, index):
    moment, _ = maker.when(index)
    link = maker.link(index, moment)
    esc = html.escape
    stamp = f"{moment:%Y-%m-%dT%H:%M:%SZ}"
    lines = [
        "<entry>",
        f'<title type="html">{esc(maker.title())}</title>',
        f'<link rel="alternate" type="text/html" href="{link}" />',
        f"<id>tag:news.example.com,2024:/{200000 + index}</id>",
        f"<published>{stamp}</published>",
        f"<updated>{stamp}</updated>",
        f"<author><name>{esc(maker.rng.choice(NAMES))}</name></author>",
    ]
    lines += [f'<category term="{esc(c)}" />' for c in maker.categories()]
    lines += [
        f'<summary type="html">{esc(maker.description(), quote=False)}</summary>',
        f'<content type="html" xml:base="{link}"><![CDATA[{maker.content(index)}]]></content>',
        f'<media:content url="https://cdn.example.com/images/{index}/lead.jpg" medium="image" '
        f'type="image/jpeg" />',
        f'<link rel="replies" type="text/html" href="{link}#comments" />',
        "</entry>",
    ]
    return "\n".join(lines) + "\n"


RSS_HEAD = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>Example News &#8211; World, business and science</title>
<atom:link href="{FEED_URL}" rel="self" type="application/rss+xml" />
<link>{SITE}/</link>
<description>The latest news from Example News</description>
<lastBuildDate>Fri, 15 Mar 2024 18:00:00 +0000</lastBuildDate>
<language>en-GB</language>
<ttl>15</ttl>
<image><url>{SITE}/logo.png</url><title>Example News</title><link>{SITE}/</link></image>
"""
RSS_TAIL = "</channel>\n</rss>\n"

ATOM_HEAD = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"
  xml:lang="en-GB">
<title type="text">Example News</title>
<subtitle>The latest news from Example News</subtitle>
<link rel="alternate" type="text/html" href="{SITE}/" />
<link rel="self" type="application/atom+xml" href="{SITE}/feed/atom/" />
<id>{SITE}/feed/atom/</id>
<updated>2024-03-15T18:00:00Z</updated>
<icon>{SITE}/favicon.png</icon>
"""
ATOM_TAIL = "</feed>\n"


def generate(size_bytes, seed, fmt):
    """Returns the feed as UTF-8 bytes, at least size_bytes long (whole items only)."""
    maker = ItemMaker(random.Random(seed))
    head, tail, item = ((RSS_HEAD, RSS_TAIL, rss_item) if fmt == "rss"
                        else (ATOM_HEAD, ATOM_TAIL, atom_item))
    chunks = [head.encode()]
    size = len(chunks[0]) + len(tail.encode())
    index = 0
    while size < size_bytes:
        chunk = item(maker, index).encode()
        chunks.append(chunk)
        size += len(chunk)
        index += 1
    chunks.append(tail.encode())
    return b"".join(chunks), index


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=24.0,
                        help="minimum size in MB of 10^6 bytes (default 24)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--format", choices=("rss", "atom"), default="rss")
    parser.add_argument("-o", "--output", default="-", help="file to write (default stdout)")
    args = parser.parse_args()
    data, items = generate(int(args.size_mb * 1_000_000), args.seed, args.format)
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        with open(args.output, "wb") as out:
            out.write(data)
    print(f"gen_feed: {len(data)} bytes, {items} items ({args.format}, seed {args.seed})",
          file=sys.stderr)


if __name__ == "__main__":
    main()
