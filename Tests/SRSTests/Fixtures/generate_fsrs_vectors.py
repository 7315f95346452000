#!/usr/bin/env python3
"""Generate FSRS-6 reference vectors with py-fsrs 6.3.2 (fuzz off) for SRSTests.

Usage: python3 -m venv /tmp/v && /tmp/v/bin/pip install fsrs==6.3.2
       /tmp/v/bin/python generate_fsrs_vectors.py > fsrs-vectors.json

Each case has scheduler settings and a list of reviews (rating, review time as epoch seconds) with the
card state py-fsrs produced after each review. Floats are written as hex strings so they round-trip exactly.
The RNG is seeded, so the file is reproducible.
"""
import json
import random
from datetime import datetime, timedelta, timezone

import fsrs
from fsrs import Card, Rating, Scheduler, State

assert fsrs.__version__ == "6.3.2" if hasattr(fsrs, "__version__") else True

STATES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}
START = datetime(2026, 1, 1, 9, 0, 0, tzinfo=timezone.utc)

SETTINGS = [
    dict(name="defaults", learning=[60, 600], relearning=[600], retention=0.9, max_ivl=36500),
    dict(name="one-step", learning=[600], relearning=[600], retention=0.9, max_ivl=36500),
    dict(name="no-steps", learning=[], relearning=[], retention=0.9, max_ivl=36500),
    dict(name="three-steps", learning=[60, 300, 1800], relearning=[300, 1200], retention=0.85, max_ivl=36500),
    dict(name="retention-0.8-max-60", learning=[60, 600], relearning=[600], retention=0.8, max_ivl=60),
    dict(name="retention-0.97", learning=[60, 600], relearning=[600], retention=0.97, max_ivl=36500),
]


def hexf(x):
    return None if x is None else float.hex(float(x))


def main():
    rng = random.Random(20260101)
    cases = []
    for settings in SETTINGS:
        scheduler = Scheduler(
            desired_retention=settings["retention"],
            learning_steps=[timedelta(seconds=s) for s in settings["learning"]],
            relearning_steps=[timedelta(seconds=s) for s in settings["relearning"]],
            maximum_interval=settings["max_ivl"],
            enable_fuzzing=False,
        )
        for n in range(25):
            card = Card(card_id=1, due=START)
            now = START
            reviews = []
            length = rng.randint(3, 16)
            for i in range(length):
                rating = rng.choices([1, 2, 3, 4], weights=[2, 2, 5, 2])[0]
                if i > 0:
                    # On time, early, late, or a same-day re-review; whole seconds only.
                    kind = rng.random()
                    due_gap = (card.due - now).total_seconds()
                    if kind < 0.45:
                        gap = due_gap
                    elif kind < 0.6:
                        gap = max(0, due_gap * rng.uniform(0.2, 0.9))
                    elif kind < 0.85:
                        gap = due_gap * rng.uniform(1.0, 3.0) + rng.randint(0, 86400)
                    else:
                        gap = rng.randint(0, 86399)  # under 24 h: short-term formula
                    # day-boundary probes: exactly 1 day, 1 day minus 1 s
                    if rng.random() < 0.1:
                        gap = rng.choice([86400, 86399, 2 * 86400 - 1])
                    now = now + timedelta(seconds=int(gap))
                card, _ = scheduler.review_card(card, Rating(rating), now)
                reviews.append(
                    dict(
                        rating=rating,
                        at=int(now.timestamp()),
                        state=STATES[card.state],
                        step=card.step,
                        stability=hexf(card.stability),
                        difficulty=hexf(card.difficulty),
                        due=card.due.timestamp(),
                        last_review=int(card.last_review.timestamp()),
                    )
                )
            cases.append(
                dict(
                    name=f"{settings['name']}-{n}",
                    learning_steps=settings["learning"],
                    relearning_steps=settings["relearning"],
                    desired_retention=settings["retention"],
                    maximum_interval=settings["max_ivl"],
                    reviews=reviews,
                )
            )
    print(json.dumps(dict(generator="py-fsrs 6.3.2, enable_fuzzing=False", cases=cases), indent=1))


if __name__ == "__main__":
    main()
