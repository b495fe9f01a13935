"""The engine's hand-written statements are prepared once per connection on PostgreSQL (workflow.statements):
same results and the same number of queries as plain execution, and a failed first run never leaves the
connection unable to run the statement again."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from workflow import statements

pytestmark = pytest.mark.django_db


def run(sql, params=()):
    with connection.cursor() as cursor:
        statements.execute(cursor, sql, params)
        return cursor.fetchall()


def prepared_statements() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")


def test_results_are_those_of_plain_execution_on_every_database():
    sql = "SELECT %s + 1, %s || '%%'"
    assert run(sql, [41, "giảm 5"]) == [(42, "giảm 5%")]
    assert run(sql, [1, "a"]) == [(2, "a%")]
    assert run("SELECT 7") == [(7,)]


def test_a_statement_is_prepared_on_first_use_then_executed_by_name_one_query_each():
    needs_postgresql()
    sql = "SELECT %s::int * 2 AS doubled -- test_statements first use"
    with CaptureQueriesContext(connection) as first:
        assert run(sql, [21]) == [(42,)]
    with CaptureQueriesContext(connection) as again:
        assert run(sql, [5]) == [(10,)]
    assert len(first) == 1 and first[0]["sql"].startswith("PREPARE vd_")
    assert len(again) == 1 and again[0]["sql"].startswith("EXECUTE vd_")
    assert any("test_statements first use" in text for text in prepared_statements())


def test_a_failed_first_run_is_rolled_back_and_the_statement_still_runs_afterwards():
    needs_postgresql()
    sql = "SELECT 10 / %s::int -- test_statements failing first run"
    with pytest.raises(DatabaseError), transaction.atomic():
        run(sql, [0])
    # Its PREPARE may have outlived the rollback: the next run must neither clash with it nor miss it.
    assert run(sql, [5]) == [(2,)]
    assert run(sql, [2]) == [(5,)]


def test_a_session_whose_statements_were_discarded_fails_once_then_prepares_them_all_again():
    needs_postgresql()
    sql, other = "SELECT %s::text -- test_statements discarded", "SELECT %s::int -- test_statements other"
    assert run(sql, ["một"]) == [("một",)]
    assert run(other, [1]) == [(1,)]
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(DatabaseError), transaction.atomic():
        run(sql, ["hai"])
    assert run(sql, ["ba"]) == [("ba",)]
    assert run(other, [4]) == [(4,)]


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_afresh():
    needs_postgresql()
    sql = "SELECT %s::int + 100 -- test_statements new connection"
    assert run(sql, [1]) == [(101,)]
    connection.close()
    with CaptureQueriesContext(connection) as queries:
        assert run(sql, [2]) == [(102,)]
    assert queries[0]["sql"].startswith("PREPARE vd_")


def test_past_the_limit_a_connection_runs_new_statements_unprepared(monkeypatch):
    needs_postgresql()
    monkeypatch.setattr(statements, "MAX_PREPARED", len(statements._prepared_on(connection).names) + 1)
    kept, extra = "SELECT %s::int -- test_statements kept", "SELECT %s::int -- test_statements past the limit"
    assert run(kept, [1]) == [(1,)]
    with CaptureQueriesContext(connection) as queries:
        assert run(extra, [2]) == [(2,)]
        assert run(kept, [3]) == [(3,)]
    assert queries[0]["sql"].startswith("SELECT") and queries[1]["sql"].startswith("EXECUTE vd_")
    assert not any("past the limit" in text for text in prepared_statements())
