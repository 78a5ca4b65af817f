"""Enrich: what the catalogue derives from the texts (countries, mentions, words) and from the
collection (previous, next and related statements)."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

from .model import Mention, Statement, Vocabularies
from .parallel import fork_map
from .problems import Problem, Problems
from .text import sentence_spans, sentences, word_count

RELATED = 5  # related statements shown on a statement page
NEIGHBOURS = 3  # candidates taken on each side in time, per shared meeting or topic


def detect_countries(statement: Statement, vocab: Vocabularies) -> dict[str, list[Mention]]:
    """The countries named in the text, each with the sentences that name it, in text order.

    Linear in the text's length: each place found is placed in its sentence by bisection, and a sentence is
    listed once per country by a set of what is already listed, never by searching the growing list (16,000
    paragraphs naming Zimbabwe took 14 times as long as 4,000)."""
    # (code, paragraph, sentence) -> where in the sentence the country is named, in the order first met
    named: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for paragraph in statement.paragraphs:
        text = paragraph.text
        found = vocab.places.find(text, statement.language)  # a French text with French names too
        if not found:
            continue
        spans = sentence_spans(text)
        starts = [a for a, _ in spans]
        cut: dict[int, str] = {}  # each sentence cut from its paragraph once, however many places it names
        for match in found:
            i = bisect.bisect_right(starts, match.start) - 1
            if i >= 0 and match.start < spans[i][1]:
                sentence = cut.get(i) or cut.setdefault(i, text[spans[i][0] : spans[i][1]])
                offset = spans[i][0]
            else:
                sentence, offset = text, 0
            end = min(match.end - offset, len(sentence))
            named.setdefault((match.code, paragraph.pid, sentence), []).append((match.start - offset, end))
    mentions: dict[str, list[Mention]] = {}
    for (code, pid, sentence), where in named.items():
        mentions.setdefault(code, []).append(Mention(pid, sentence, tuple(sorted(set(where)))))
    return mentions


# A dateline at the head of a paragraph, with the outlet's marker and the dash after it: "October 04, 11(IDEX
# Online News) – Non-governmental organizations…" opens with its first word after the dash.
_DATELINE_LEAD = re.compile(r"^[^–—-]{0,60}?\s*[–—-]\s+")


def opening_sentence(statement: Statement) -> str:
    """The first real sentence of the body: past datelines, headings and a headline that repeats the title."""
    title = statement.title.casefold()
    for paragraph in statement.paragraphs:
        text = paragraph.text
        if len(text.split()) >= 12 and text.rstrip("\"'”’)").endswith((".", "!", "?")) \
                and title not in text.casefold():
            sentence = sentences(text)[0]
            if statement.dateline and sentence.startswith(statement.dateline):
                sentence = _DATELINE_LEAD.sub("", sentence, count=1)
            return sentence
    return statement.title


def derive(vocab: Vocabularies, statements: list[Statement]) -> list[tuple]:
    """What each text yields (countries named, with their sentences; words; opening sentence): the costly part
    of enrichment, done by forked workers (parallel.fork_map) at archive scale."""
    return [(s.id, detect_countries(s, vocab), word_count(s.text), opening_sentence(s)) for s in statements]


def enrich_statement(statement: Statement, mentions: dict[str, list[Mention]], n_words: int, opening: str,
                     problems: list[Problem], file: str) -> None:
    p = Problems(problems, file)
    for i, code in enumerate(statement.countries_exclude):
        if code not in mentions:
            p.add(f"countries.exclude[{i}]", f"{code} is not named in the text: nothing to exclude")
    for i, code in enumerate(statement.countries_about):
        if code in statement.countries_exclude:
            p.add(f"countries.about[{i}]", f"{code} is excluded too: a statement cannot be about what it excludes")
    excluded = set(statement.countries_exclude)
    statement.mentions = {code: ms for code, ms in mentions.items() if code not in excluded}
    statement.countries = list(statement.countries_about)
    statement.mentioned = sorted(set(statement.mentions) - set(statement.countries_about))
    statement.words = n_words
    statement.opening = opening


def link_neighbours(statements: list[Statement]) -> None:
    """Previous/next in time, and related statements: same meeting or shared topics, nearest in time.

    Candidates come from each meeting's and topic's date-sorted list, a few on each side, so the cost
    grows with n log n rather than n squared at archive scale.
    """
    ordered = sorted(statements, key=lambda s: s.sort_key)
    for before, after in zip(ordered, ordered[1:], strict=False):
        before.next, after.previous = after, before
    position = {s.id: i for i, s in enumerate(ordered)}
    groups: dict[tuple[str, str], list[Statement]] = defaultdict(list)

    def shared(s: Statement) -> list[tuple[str, str]]:
        """What it may share with others: its meeting (a statement between meetings has none), its topics."""
        own = [("meeting", s.meeting.id)] if s.meeting is not None else []
        return own + [("topic", t.id) for t in s.topics]

    for s in ordered:
        for key in shared(s):
            groups[key].append(s)
    keys = {k: [position[s.id] for s in members] for k, members in groups.items()}
    for s in ordered:
        mine = position[s.id]
        candidates: set[str] = set()
        for key in shared(s):
            members, index = groups[key], keys[key]
            i = bisect.bisect_left(index, mine)
            for other in members[max(0, i - NEIGHBOURS) : i + NEIGHBOURS + 1]:
                if other.id != s.id:
                    candidates.add(other.id)
        topic_ids = {t.id for t in s.topics}

        def score(other: Statement, s=s, topic_ids=topic_ids) -> tuple:
            topics = len(topic_ids & {t.id for t in other.topics})
            same_meeting = s.meeting is not None and other.meeting is not None and other.meeting.id == s.meeting.id
            return (-(topics + 2 * same_meeting), abs((other.date - s.date).days), other.id)

        s.related = sorted((ordered[position[c]] for c in candidates), key=score)[:RELATED]


def enrich(statements: list[Statement], vocab: Vocabularies, problems: list[Problem], files: dict[str, str]) -> None:
    derived = {row[0]: row[1:] for chunk in fork_map(derive, vocab, statements) for row in chunk}
    for statement in statements:  # in their order, so the problems come in the order of the files
        enrich_statement(statement, *derived[statement.id], problems, files[statement.id])
    link_neighbours(statements)
