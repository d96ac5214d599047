"""Question-set accuracy now vs first contact, per practice set (tuning and blind reported separately).

Not a timing: `ours_s` is the seconds the set took; the note carries accuracy, wrong answers and the
first-contact figures of tests/questions/first_contact.json. Skipped (a row saying why) without ../shared.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def run(quick: bool) -> list[dict]:
    import practice_sets as sets

    if not sets.CHECK.is_file():
        return [{"benchmark": "question sets", "note": "skipped: ../shared is not beside the repo"}]
    names = sets.TUNING[:2] if quick else sets.TUNING + sets.BLIND
    first = sets.first_contact()
    blind = sets.blind_at_end()
    rows = []
    for name in names:
        if missing := sets.missing_data(name):
            rows.append({"benchmark": f"questions {name}", "note": f"skipped: no {', '.join(missing)}"})
            continue
        started = time.perf_counter()
        summary, _ = sets.score(name)
        fc = first[name]
        kind = "blind" if name in sets.BLIND else "tuning"
        rows.append(
            {
                "benchmark": f"questions {name} ({kind})",
                "ours_s": time.perf_counter() - started,
                "goal": "0 wrong; >= 0.80 blind, >= 0.90 tuned",
                "note": (
                    f"accuracy {summary.accuracy:.2f} wrong {summary.wrong} "
                    f"(first contact {fc['correct'] / fc['answerable']:.2f} wrong {fc['wrong']}"
                    + (
                        f"; blind at end of round {blind[name]['round']} "
                        f"{blind[name]['correct'] / blind[name]['answerable']:.2f} wrong {blind[name]['wrong']}"
                        if name in blind
                        else ""
                    )
                    + ")"
                ),
            }
        )
    return rows
