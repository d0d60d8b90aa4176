"""core/send_now.judge: whether a send-now whose answer was lost went, from the campaign's
witness (read just before the POST left) and what it shows now; the server's values only,
and its clock only to tell a send-now schedule from a dated one."""

from __future__ import annotations

import datetime as dt

from bulkspot.core.send_now import Seen, Verdict, cannot_tell, judge, queued_by_whom, sent_since

NOW = dt.datetime(2031, 6, 1, 10, 0, 0, tzinfo=dt.UTC)  # the server's, from a Date header
DRAFT = {"status": "DRAFT", "last_run_date": None}
SENT = {"status": "SENT", "last_run_date": "2031-05-01T10:00:00.000Z"}


def test_nothing_since_the_witness_is_not_sent() -> None:
    assert judge(DRAFT, DRAFT, [], NOW) == Verdict(Seen.NOT_SENT)
    assert judge(SENT, SENT, [], NOW) == Verdict(Seen.NOT_SENT)


def test_a_later_last_run_is_sent_by_whom_cannot_be_told() -> None:
    now = {"status": "SENT", "last_run_date": "2031-06-01T09:59:58.000Z"}
    assert judge(SENT, now, [], NOW) == Verdict(Seen.DONE, why=sent_since(now["last_run_date"]))
    assert judge(DRAFT, now, [], NOW).seen is Seen.DONE


def test_a_send_now_queued_since_the_witness_is_this_runs() -> None:
    queued = {"id": "7", "scheduled_date": "2031-06-01T10:00:00.400Z"}  # Date counts seconds
    scheduled = {"status": "SCHEDULED", "last_run_date": None}
    assert judge(DRAFT, scheduled, [queued], NOW) == Verdict(Seen.OURS, schedule_id="7")
    # a journal that kept no witness: queued, but whose cannot be told
    assert judge(None, scheduled, [queued], NOW) == Verdict(Seen.DONE, why=queued_by_whom(queued))


def test_a_dated_schedule_is_someone_elses() -> None:
    dated = {"id": "8", "scheduled_date": "2031-06-01T10:20:00.000Z"}
    scheduled = {"status": "SCHEDULED", "last_run_date": None}
    assert judge(DRAFT, scheduled, [dated], NOW) == Verdict(Seen.HELD)


def test_without_a_witness_only_a_draft_is_known_unsent() -> None:
    assert judge(None, DRAFT, [], NOW) == Verdict(Seen.NOT_SENT)
    assert judge(None, SENT, [], NOW) == Verdict(
        Seen.CANNOT_TELL, why=cannot_tell("SENT", SENT["last_run_date"])
    )
    assert cannot_tell("SENT", SENT["last_run_date"]) == (
        "the answer to this send-now was lost and the campaign is SENT, last sent at "
        "2031-05-01T10:00:00.000Z: whether this row sent it cannot be told, so it was not sent "
        "again; check the campaign's last send in the account, then leave the row out, or "
        "import it from a sheet of its own to send it again"
    )


def test_an_unreadable_last_run_that_changed_counts_as_sent() -> None:
    now = {"status": "SENT", "last_run_date": "yesterday"}
    assert judge(SENT, now, [], NOW).seen is Seen.DONE
