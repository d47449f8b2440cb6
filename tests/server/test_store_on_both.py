"""The store's tests on both backends: each test below (the search tests and a core set of
the store's tests, imported from tests/store) runs on a case file and on a shared case on the
throwaway PostgreSQL server, through fixtures parametrized by backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.store.case import Case
from tests.store.test_case import (
    test_batch_is_all_or_nothing,
    test_bulk_insert_duplicate_id_is_a_validation_error,
    test_deleting_a_tag_audits_the_links_it_removes,
    test_duplicate_names_are_clear_errors,
    test_event_crud_with_audit,
    test_filters,
    test_hostile_queries,
    test_inner_batch_joins_the_outer,
    test_saved_views_round_trip_and_replace,
    test_search_finds_events_through_citations_and_sources,
    test_search_index_follows_edits,
    test_sources_citations_entities_tags_eras,
    test_stale_update_is_a_conflict_and_overwrites_nothing,
    test_timeline_columns_are_compact_and_sorted,
    test_validation_errors_write_nothing,
)
from tests.store.test_far_years import (
    test_a_timeline_of_all_time_lays_out_without_overflow,
    test_far_years_are_stored_sorted_and_filtered,
)
from tests.store.test_reading import (
    test_a_new_source_given_a_deleted_ones_id_starts_unread,
    test_bad_progress_is_refused_and_nothing_is_written,
    test_progress_counts_for_the_copy_that_was_read,
    test_progress_outlives_an_undone_deletion_of_its_source,
    test_recorded_places_add_up_in_one_audited_transaction,
)
from tests.store.test_store_api import (
    test_a_failed_batch_writes_nothing,
    test_audit_log_after,
    test_batch_changes_are_live_then_complete,
    test_bulk_insert_names_every_event,
    test_citation_changes_name_their_event_and_source,
    test_event_ids_groups_and_search_among,
    test_generic_snapshot_restore_replace,
    test_merge_names_kept_dropped_and_moved_events,
    test_save_event_creates_with_citations_in_order,
    test_save_event_is_all_or_nothing,
    test_save_event_updates_only_what_changed,
    test_timeline_rows_match_the_columns,
)

SHARED = (
    test_a_timeline_of_all_time_lays_out_without_overflow,
    test_far_years_are_stored_sorted_and_filtered,
    test_batch_is_all_or_nothing,
    test_bulk_insert_duplicate_id_is_a_validation_error,
    test_deleting_a_tag_audits_the_links_it_removes,
    test_duplicate_names_are_clear_errors,
    test_event_crud_with_audit,
    test_filters,
    test_hostile_queries,
    test_inner_batch_joins_the_outer,
    test_saved_views_round_trip_and_replace,
    test_search_finds_events_through_citations_and_sources,
    test_search_index_follows_edits,
    test_sources_citations_entities_tags_eras,
    test_stale_update_is_a_conflict_and_overwrites_nothing,
    test_timeline_columns_are_compact_and_sorted,
    test_validation_errors_write_nothing,
    test_a_failed_batch_writes_nothing,
    test_audit_log_after,
    test_batch_changes_are_live_then_complete,
    test_bulk_insert_names_every_event,
    test_citation_changes_name_their_event_and_source,
    test_event_ids_groups_and_search_among,
    test_generic_snapshot_restore_replace,
    test_merge_names_kept_dropped_and_moved_events,
    test_save_event_creates_with_citations_in_order,
    test_save_event_is_all_or_nothing,
    test_save_event_updates_only_what_changed,
    test_timeline_rows_match_the_columns,
    test_recorded_places_add_up_in_one_audited_transaction,
    test_bad_progress_is_refused_and_nothing_is_written,
    test_progress_outlives_an_undone_deletion_of_its_source,
    test_progress_counts_for_the_copy_that_was_read,
    test_a_new_source_given_a_deleted_ones_id_starts_unread,
)


@pytest.fixture(params=["file", "server"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def new_case(backend: str, request: pytest.FixtureRequest) -> Iterator[Case]:
    """The new, empty case of tests/conftest.py, as a file or as a shared case."""
    if backend == "file":
        yield request.getfixturevalue("empty_case")(request.getfixturevalue("case_path"))
    else:
        yield request.getfixturevalue("shared_new_case")


@pytest.fixture
def demo_case(backend: str, request: pytest.FixtureRequest) -> Iterator[Case]:
    """The demo case, as a file or as a shared case."""
    if backend == "file":
        case = Case.open(request.getfixturevalue("demo_case_path"))
        yield case
        case.close()
    else:
        yield request.getfixturevalue("shared_demo_case")


def test_every_shared_test_checks_the_whole_case_after(new_case: Case, demo_case: Case) -> None:
    # both kinds of case start whole: check finds nothing in either
    assert new_case.check() == [] and demo_case.check() == []
