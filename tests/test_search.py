"""Chinese search in a real browser, through Material's own search box, against our query set."""

from __future__ import annotations

from search_eval import load_queries, run_queries, summary


def test_query_set_is_large_enough():
    queries = load_queries()
    assert len(queries) >= 30
    assert len({q["q"] for q in queries}) == len(queries)


def test_policy_terms_are_found_and_results_jump_to_the_entry(page):
    outcomes = run_queries(page, page.base, load_queries())
    recall, precision = summary(outcomes)
    misses = [f"{o.query} → {o.found[:3]} (expected {o.expected})" for o in outcomes if not o.hit_at_3]
    print(f"\nrecall@3 = {recall:.2f}, precision@1 = {precision:.2f} over {len(outcomes)} queries")
    assert recall >= 0.9, "\n".join(misses)
    assert precision >= 0.7, "\n".join(f"{o.query} → {o.found[:1]}" for o in outcomes if not o.hit_at_1)
    assert page.errors == []
