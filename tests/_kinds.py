"""Realistic cases from several kinds, for the integration tests (CLI, plugin, pre-commit,
formats, hostile input): each a Markdown article that one rule flags, and its corrected twin
that nothing flags. Breaking any one kind fails the integrations for that kind only, instead
of every integration hanging on one NC601 sentence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    code: str
    name: str
    date: str
    flag: str
    fix: str  # the same sentence made consistent

    def article(self, consistent: bool = False) -> str:
        body = self.fix if consistent else self.flag
        return f"---\ndate: {self.date}\ntitle: {self.name}\n---\n# {self.name.capitalize()}\n\n{body}\n"


CASES = (
    Case("NC101", "prisoner exchange", "2024-06-01",
         "The two sides agreed that 1,000 prisoners per side would go free, 2,500 prisoners in total.",
         "The two sides agreed that 1,000 prisoners per side would go free, 2,000 prisoners in total."),
    Case("NC111", "flood toll", "2024-06-01",
         "Of the 37 dead, 21 were found in the north and 19 were found in the south.",
         "Of the 37 dead, 21 were found in the north and 16 were found in the south."),
    Case("NC201", "merger vote", "2024-06-01",
         "Some 600 of the 2,000 members (35%) voted for the merger.",
         "Some 600 of the 2,000 members (30%) voted for the merger."),
    Case("NC301", "storm track", "2024-06-01",
         "The storm moved 120 miles (250 km) inland before weakening.",
         "The storm moved 120 miles (193 km) inland before weakening."),
    Case("NC601", "ridge airlift", "2020-03-20",
         "Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the second such airlift in 2019.",
         "Earlier this month, crews pulled 38 hikers off the ridge in a March 2 operation, the second such airlift in 2020."),
    Case("NC605", "budget hearing", "2024-02-02",
         "The two-hour hearing ran from 10 a.m. to 1 p.m. on Thursday.",
         "The three-hour hearing ran from 10 a.m. to 1 p.m. on Thursday."),
    Case("NC722", "ward survey", "2024-02-01",
         "Satisfaction was higher on the new ward, t(44) = 1.62, p = .03.",
         "Satisfaction was higher on the new ward, t(44) = 2.25, p = .03."),
)

#: the kinds (code families) the cases span; the integration tests assert there are several
FAMILIES = sorted({c.code[:3] for c in CASES})
