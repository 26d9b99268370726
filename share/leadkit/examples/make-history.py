#!/usr/bin/env python3
# make-history.py - write history-2025.ndjson, the demo's past: 400 leads
# of October 2025 to March 2026 with what sales made of them
# (outcome_label, as lead-feedback --export writes it), for lead-tune.
#
# Made up, from a known model, so that the demo shows lead-tune finding
# it: the odds of converting grow with a demo asked for, a pricing page
# read, a decider's title and a company of 200 or more, and shrink with a
# free e-mail address and a student's title.  Each lead was routed to
# sales the day after it came (routed_at); its events (webinar, download,
# pricing_page, demo_request) are from the 60 days before.  Deterministic
# (seeded):
#
#   python3 make-history.py >history-2025.ndjson
import datetime
import json
import math
import random

rng = random.Random(2026)
titles = [("Head of IT", 1), ("CTO", 1), ("Managing Director", 1),
          ("Marketing Manager", 0), ("IT Administrator", 0),
          ("Procurement Lead", 0), ("Working Student", -1)]
industries = ["software", "manufacturing", "logistics", "retail",
              "education"]
countries = ["DE", "DE", "DE", "NL", "AT", "GB", "PL"]
kinds = ["webinar", "download", "pricing_page", "demo_request"]

for i in range(400):
    day = rng.randrange(0, 182)
    created = "%04d-%02d-%02d" % ((2025, 10 + day // 31, 1 + day % 28)
                                  if day < 92 else
                                  (2026, 1 + (day - 92) // 31,
                                   1 + (day - 92) % 28))
    title, rank = rng.choice(titles)
    employees = int(math.exp(rng.uniform(math.log(3), math.log(5000))))
    free = rng.random() < 0.25
    n = {}
    for k, p in zip(kinds, (0.45, 0.35, 0.25, 0.12)):
        n[k] = 1 + (rng.random() < 0.3) if rng.random() < p else 0
    has = {k for k in kinds if n[k] > 0}
    z = (-2.3 + 1.8 * ("demo_request" in has) + 1.0 * ("pricing_page" in has)
         + 0.9 * (rank == 1) - 1.3 * (rank == -1) + 0.7 * (employees >= 200)
         - 1.2 * free + 0.3 * ("webinar" in has))
    label = 1 if rng.random() < 1 / (1 + math.exp(-z)) else 0
    routed = (datetime.datetime.strptime(created, "%Y-%m-%d") +
              datetime.timedelta(days=1, hours=9))
    events = sorted((routed - datetime.timedelta(
        minutes=rng.randrange(60, 60 * 24 * 60)), k)
        for k in kinds for _ in range(n[k]))
    print(json.dumps({
        "id": "h-%04d" % (i + 1), "created_at": created,
        "routed_at": routed.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "country": rng.choice(countries), "title": title,
        "industry": rng.choice(industries), "employees": employees,
        "email_kind": "free" if free else "corporate",
        "events": [{"type": k, "at": t.strftime("%Y-%m-%dT%H:%M:%SZ")}
                   for t, k in events],
        "outcome_label": label,
    }, ensure_ascii=False, separators=(",", ":")))
