#!/usr/bin/env python3
"""Writes synthetic English news text for measuring `deboiler fix`, the same text the
criterion benchmark in benches/fix.rs generates (same generator, same seed, same bytes
for the same mode and size):

    python3 scripts/gen_news.py MODE [SIZE_MB] [--jsonl] > news.txt

MODE is one of
  clean      plain ASCII prose: straight quotes, "--" and "..."; `fix` changes nothing
  quotes     the same prose with typographic punctuation (’ “ ” — …)
  mojibake1  `quotes` where one paragraph line in a hundred starts with a sentence of
             accented words and is damaged: its UTF-8 bytes read as windows-1252
             ("cafÃ©", "doesnâ€™t")
  accented1  `mojibake1` without the damage: what repairing it should give

SIZE_MB (default 20, decimal megabytes) is reached by the ASCII rendering of the
articles, so every mode holds the same articles and the non-ASCII ones come out a few
percent longer. Articles are a headline and paragraphs, one line each, with a blank line
after every line. With --jsonl, each article is one JSON Lines record
{"id": "news-N", "text": "..."} instead, for runs where many documents matter (threads).
"""
import json
import os
import re
import sys

PEOPLE = [
    "Maria Lopez",
    "the mayor",
    "Daniel Okafor",
    "a spokeswoman for the agency",
    "Priya Raman",
    "the finance minister",
    "Tom Becker",
    "the company's chief executive",
    "Helen Park",
    "a senior official",
    "James Whitfield",
    "the union's president",
    "Aisha Bello",
    "the head coach",
    "Robert Chen",
    "the county sheriff",
]
ORGS = [
    "the city council",
    "the state legislature",
    "the central bank",
    "the school board",
    "the transit authority",
    "Northwind Energy",
    "the health department",
    "the electoral commission",
    "Harbor Logistics",
    "the university",
    "the port authority",
    "the chamber of commerce",
]
PLACES = [
    "Riverside",
    "the northern district",
    "Lakeview",
    "the old harbor",
    "Springfield",
    "the capital",
    "Oak Valley",
    "the industrial park",
    "Millbrook",
    "the coastal towns",
    "Fairmont",
    "the border region",
]
WHEN = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "over the weekend",
    "last week",
    "earlier this month",
    "late on Sunday",
    "this morning",
]
TOPICS = [
    "the budget",
    "the new bridge",
    "water prices",
    "the bus network",
    "the hospital expansion",
    "flood defenses",
    "the teachers' contract",
    "housing permits",
    "the stadium deal",
    "air quality",
    "the tax plan",
    "the offshore wind farm",
]
SAID = ["said", "told reporters", "wrote in a statement", "said in an interview", "added"]

# Slots: {P} person, {O} organization, {C} place, {W} when, {T} topic, {S} a verb of
# saying, {N} a number. Straight quotes pair up within a sentence; "'" is only ever an
# apostrophe. Keep in step with benches/fix.rs.
SENTENCES = [
    '{O} voted {N} to 4 {W} to approve {T}, a decision {P} called "long overdue."',
    '"We can\'t keep waiting," {P} {S}. "People in {C} have been patient for years."',
    "The plan would cost about ${N} million over five years, according to figures released by {O}.",
    "{P} {S} that work on {T} would begin in the spring, weather permitting.",
    "Residents of {C} packed a community hall {W} to hear the details of {T}.",
    "It's the third time this year that {O} has delayed a vote on {T}.",
    "Critics say the proposal doesn't go far enough -- and that {C} will pay the price.",
    '{P} declined to comment on the timing, saying only that talks were "still going on."',
    "Traffic near {C} was backed up for {N} minutes {W} after a lane was closed.",
    "Officials didn't say how many jobs would be affected, but {P} put the figure at roughly {N}.",
    "The report, which runs to {N} pages, found that {T} had been underfunded for a decade.",
    '"This isn\'t about politics," {P} {S}. "It\'s about safety."',
    "Shares of Northwind Energy rose {N} cents in early trading {W}.",
    "{O} said it would publish a full review of {T} before the end of the year.",
    "Some shop owners in {C} said they'd heard nothing from {O} until the letters arrived...",
    'Asked whether the deadline would slip, {P} paused... then said, "We\'ll see."',
    "Turnout in {C} rose by {N} voters, the most since the district's boundaries were redrawn.",
    "The measure now goes to {O}, which is expected to take it up {W}.",
    "According to {P}, inspectors visited {N} sites in {C} -- more than double last year's total.",
    "Forecasters warned of heavy rain across {C} through the weekend.",
    '{P} {S} the delay was "frustrating, but not surprising."',
    "A spokesman for {O} said the numbers were preliminary and could still change.",
    "Volunteers handed out {N} meals in {C} {W}, the organizers said.",
    "The governor's office hasn't responded to requests for comment.",
]
HEADLINES = [
    "Council delays vote on {T}",
    "Storm warning issued for {C}",
    "{C} residents question the cost of {T}",
    "Talks on {T} stall again",
    "What the new rules mean for {C}",
    "Officials promise answers on {T}",
]
ACCENTED = [
    'The café near {C} reopened {W} after a façade repair, and its owner said business "doesn\'t feel the same."',
    'Zoë Müller, who sent her résumé to {O} from São Paulo, called the hiring process "naïve at best."',
    'Tickets cost €{N}, and the organizers said the soirée "wasn\'t about money -- it was about the music."',
    "José Núñez, the coöperative's director, said the piñata contest drew {N} entrants...",
    "The exposé, written by Søren Ødegård, says the rosé served at the gala came from Mâcon.",
]
LISTS = {"P": PEOPLE, "O": ORGS, "C": PLACES, "W": WHEN, "T": TOPICS, "S": SAID}
EVERY = 100
MASK = (1 << 64) - 1

# WHATWG windows-1252: latin-1 with 0x80-0x9F mapped to punctuation where defined (the
# five undefined bytes stay C1 controls, as encoding_rs and browsers have it).
CP1252_C1 = {}
for b in range(0x80, 0xA0):
    try:
        CP1252_C1[b] = bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        pass


class Lcg:
    """64-bit linear congruential generator, Knuth's MMIX constants; high bits used."""

    def __init__(self, seed):
        self.state = seed

    def below(self, n):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK
        return (self.state >> 33) % n


SLOT = re.compile(r"\{(.)\}")


def fill(template, rng):
    """The template with its slots filled left to right, first letter capitalized."""

    def slot(m):
        code = m.group(1)
        if code == "N":
            return str(10 + rng.below(890))
        words = LISTS[code]
        return words[rng.below(len(words))]

    s = SLOT.sub(slot, template)
    return s[0].upper() + s[1:] if s[:1].isascii() else s


def typographic(line):
    """ASCII punctuation to typographic: ' to ’, ... to …, -- to —, " to “ and ” in turn."""
    line = line.replace("...", "…").replace("--", "—").replace("'", "’")
    parts = line.split('"')
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        out.append("“" if i % 2 == 0 else "”")
        out.append(part)
    return "".join(out)


def damage(line):
    """The line as a program reading its UTF-8 bytes as windows-1252 would show it."""
    return line.encode("utf-8").decode("latin-1").translate(CP1252_C1)


def articles(mode, target):
    """Yields (headline, [paragraph lines]) until the ASCII rendering reaches target."""
    rng = Lcg(0x5EED_0001)
    accented_rng = Lcg(0x5EED_0002)
    paragraphs = 0
    ascii_len = 0
    while ascii_len < target:
        headline = fill(HEADLINES[rng.below(len(HEADLINES))], rng)
        ascii_len += len(headline) + 2
        lines = []
        for _ in range(4 + rng.below(5)):
            paragraphs += 1
            marked = paragraphs % EVERY == 0 and mode in ("accented1", "mojibake1")
            lead = ""
            if marked:
                k = (paragraphs // EVERY) % len(ACCENTED)
                lead = fill(ACCENTED[k], accented_rng) + " "
            sentences = [
                fill(SENTENCES[rng.below(len(SENTENCES))], rng) for _ in range(2 + rng.below(4))
            ]
            body = " ".join(sentences)
            ascii_len += len(body) + 2
            line = lead + body
            if mode != "clean":
                line = typographic(line)
            if marked and mode == "mojibake1":
                line = damage(line)
            lines.append(line)
        yield headline, lines


def main():
    args = [a for a in sys.argv[1:] if a != "--jsonl"]
    jsonl = len(args) < len(sys.argv) - 1
    modes = ("clean", "quotes", "mojibake1", "accented1")
    if not args or args[0] not in modes or len(args) > 2:
        sys.exit(f"usage: gen_news.py {{{','.join(modes)}}} [SIZE_MB] [--jsonl]")
    target = int(float(args[1]) * 1_000_000) if len(args) > 1 else 20_000_000
    out = sys.stdout.buffer
    for n, (headline, lines) in enumerate(articles(args[0], target)):
        text = "".join(line + "\n\n" for line in [headline] + lines)
        if jsonl:
            record = json.dumps({"id": f"news-{n}", "text": text}, ensure_ascii=False)
            out.write(record.encode("utf-8") + b"\n")
        else:
            out.write(text.encode("utf-8"))


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        # The reader went away (`gen_news.py clean | head`): point stdout at devnull so
        # that flushing it at exit does not raise again, and stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
