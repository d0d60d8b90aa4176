"""Issue 23, money: amounts exact to the cent, thousands never read as decimals, the sheet's
currency the event's, and copy keeping money's meaning; end to end against the simulator,
with what the server holds read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bulkspot.core.resources import RESOURCES
from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox

RATE = ("--rate", "500")
ITEM_HEADER = (
    "name{0}price{0}default_quantity_total{0}per_registrant_limit{0}show_quantity_available"
)
ACCOUNTING = '_("$"* #,##0.00_);_("$"* (#,##0.00);_("$"* "-"??_);_(@_)'  # the ribbon's $ button


def _held(sandbox: Sandbox, kind: str, event: str, key: str = "name") -> dict[str, Any]:
    found = sandbox.call(lambda c: c.list(kind, {"event_id": event}))
    return {resource[key]: resource for resource in found}


def _writes(sandbox: Sandbox) -> int:
    return sum(n for method, n in sandbox.stats()["requests_by_method"].items() if method != "GET")


def _import(run_cli: Cli, sandbox: Sandbox, kind: str, event: str, path: Path, *more: str) -> Any:
    return run_cli("import", kind, str(path), "--event", event, *RATE, "--quiet", *more,
                   env=sandbox.env)  # fmt: skip


def _sheet(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _errors(result: Any) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("  row ")]


def test_a_semicolon_price_list_in_euros_never_stores_thousands_as_decimals(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    """`Konzertposter;1.500` was stored as 1.5: nothing in the sheet said which mark is its
    decimal one. Refused with both readings; the option, or a telling cell, settles it."""
    event = sandbox.new_event(currency_type="EUR")
    header = ITEM_HEADER.format(";")
    prices = _sheet(tmp_path / "preise.csv", f"{header}\nKonzertposter;1.500;5;1;yes\n"
                    "Stofftasche;2,250;5;1;yes\nBecher;8;5;1;yes\n")  # fmt: skip
    refused = _import(run_cli, sandbox, "items", event, prices, "--currency", "EUR")
    assert refused.exit_code == 1, refused.output
    options = "say how this sheet writes decimals with --decimal-comma or --decimal-point"
    assert _errors(refused) == [
        f"  row 2: invalid: price: '1.500' could be 1500 or 1.50: write 1500 or 1.50, or {options}",
        f"  row 3: invalid: price: '2,250' could be 2250 or 2.25: write 2250 or 2.25, or {options}",
    ]
    assert {n: i["price"] for n, i in _held(sandbox, "item", event).items()} == {"Becher": 8}

    told = _import(run_cli, sandbox, "items", event, prices, "--currency", "EUR",
                   "--decimal-comma", "--fresh")  # fmt: skip
    assert told.exit_code == 0, told.output
    prices_held = {n: i["price"] for n, i in _held(sandbox, "item", event).items()}
    assert prices_held == {"Becher": 8, "Konzertposter": 1500, "Stofftasche": 2.25}

    other = sandbox.new_event(currency_type="EUR")  # a decimal comma elsewhere settles it
    telling = _sheet(tmp_path / "liste.csv", f"{header}\nKonzertposter;1.500;5;1;yes\n"
                     "Anstecker;2,50;5;1;yes\nBecher;25.-;5;1;yes\nFlyer;Gratis;5;1;yes\n"
                     "Programm;Free;5;1;yes\n")  # fmt: skip
    read = _import(run_cli, sandbox, "items", other, telling, "--currency", "EUR")
    assert _errors(read) == ["  row 5: invalid: price: 'Gratis' is not a number"]
    prices_held = {n: i["price"] for n, i in _held(sandbox, "item", other).items()}
    assert prices_held == {"Konzertposter": 1500, "Anstecker": 2.5, "Becher": 25, "Programm": 0}


def test_a_comma_sheet_refuses_a_point_before_three_digits_and_reads_grouped_thousands(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    """`€1.200` (a gala table) was stored as 1.20, and `1.200` beside `"1,200"` as 1.20 and
    1200: a `,` sheet's comma groups thousands, its point may be either."""
    event = sandbox.new_event(currency_type="EUR")
    header = ITEM_HEADER.format(",")
    gala = _sheet(tmp_path / "gala.csv", f"{header}\nTable,€1.200,5,1,yes\nBooth,€2.500,5,1,yes\n")
    refused = _import(run_cli, sandbox, "items", event, gala, "--currency", "EUR")
    assert refused.exit_code == 1
    options = "say how this sheet writes decimals with --decimal-comma or --decimal-point"
    assert _errors(refused) == [
        f"  row 2: invalid: price: '€1.200' could be 1200 or 1.20: write 1200 or 1.20, or "
        f"{options}",
        f"  row 3: invalid: price: '€2.500' could be 2500 or 2.50: write 2500 or 2.50, or "
        f"{options}",
    ]
    assert _held(sandbox, "item", event) == {}

    dollars = sandbox.new_event()
    mixed = _sheet(tmp_path / "usd.csv", f'{header}\nPoster,1.200,5,1,yes\nPrint,"1,200",5,1,yes\n')
    read = _import(run_cli, sandbox, "items", dollars, mixed)
    assert _errors(read) == [
        f"  row 2: invalid: price: '1.200' could be 1200 or 1.20: write 1200 or 1.20, or {options}"
    ]
    assert {n: i["price"] for n, i in _held(sandbox, "item", dollars).items()} == {"Print": 1200}
    told = sandbox.new_event()
    pointed = _import(run_cli, sandbox, "items", told, mixed, "--decimal-point")
    assert pointed.exit_code == 0, pointed.output
    assert {n: i["price"] for n, i in _held(sandbox, "item", told).items()} == {
        "Poster": 1.2, "Print": 1200
    }  # fmt: skip


def test_fees_and_promocodes_finer_than_a_cent_are_refused_in_comma_and_semicolon_sheets(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    """A fee of 12.345 was stored as 12.345; every money field is exact to the cent."""
    event = sandbox.new_event()
    fees = _sheet(tmp_path / "fees.csv", "label,fee,early_fee,late_fee\nMember,12.345,10.00,15\n"
                  'Guest,20.00,18.999,25.001\nStudent,5.50,5,6\nPatron,"1,250.00",,\n')  # fmt: skip
    done = _import(run_cli, sandbox, "fees", event, fees)
    assert done.exit_code == 1
    assert _errors(done) == [
        "  row 2: invalid: fee: '12.345' has more decimals than USD has cents: write 12.35 or "
        "12.34",
        "  row 3: invalid: early_fee: '18.999' has more decimals than USD has cents: write 19.00 "
        "or 18.99; late_fee: '25.001' has more decimals than USD has cents: write 25.00 or 25.01",
    ]
    assert {n: f["fee"] for n, f in _held(sandbox, "fee", event, "label").items()} == {
        "Student": 5.5, "Patron": 1250
    }  # fmt: skip

    codes = _sheet(tmp_path / "codes.csv", "code_name;code_type;discount;discount_scope\n"
                   "TENOFF;DISCOUNT;€10,005;ORDER_TOTAL\nFIVEOFF;DISCOUNT;5,00;ORDER_TOTAL\n"
                   "HALF;DISCOUNT;50%;ORDER_TOTAL\n")  # fmt: skip
    euros = sandbox.new_event(currency_type="EUR")
    coded = _import(run_cli, sandbox, "promocodes", euros, codes, "--currency", "EUR")
    assert _errors(coded) == [
        "  row 2: invalid: discount: '€10,005' has more decimals than EUR has cents: write "
        "10,01 or 10,00"  # as the sheet writes it: its decimals are commas
    ]
    held = _held(sandbox, "promocode", euros, "code_name")
    assert (held["FIVEOFF"]["discount_amount"], held["HALF"]["discount_percent"]) == (5.0, 50)
    assert "TENOFF" not in held


def test_xlsx_money_is_what_the_cell_holds_in_the_currency_its_format_names(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    """19.999 formatted "$"#,##0.00 shows $20.00 and was stored as 19.999: refused, naming
    both. Excel's Accounting format is money; a euro locale format on a USD sheet gets the
    currency refusal."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(ITEM_HEADER.split("{0}"))
    rows = [("Cap", 19.999, '"$"#,##0.00'), ("Hat", 1200, ACCOUNTING),
            ("Mug", 12.5, "#,##0.00 [$€-407]"), ("Pin", 3, "0.00")]  # fmt: skip
    for number, (name, price, number_format) in enumerate(rows, 2):
        sheet.append([name, price, 5, 1, "yes"])
        sheet[f"B{number}"].number_format = number_format
    path = tmp_path / "shop.xlsx"
    book.save(path)
    event = sandbox.new_event()
    done = _import(run_cli, sandbox, "items", event, path)
    assert _errors(done) == [
        "  row 2: invalid: price: 19.999 (shown as '$20.00') has more decimals than USD has "
        "cents: write 20.00 or 19.99",
        "  row 4: invalid: price: '€12.50' is in € (EUR), but this sheet's amounts are USD: "
        "write the amount in USD, or give --currency with the event's currency",
    ]
    assert {n: i["price"] for n, i in _held(sandbox, "item", event).items()} == {
        "Hat": 1200, "Pin": 3
    }  # fmt: skip

    euros = sandbox.new_event(currency_type="EUR")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(ITEM_HEADER.split("{0}"))
    sheet.append(["Mug", 1500.5, 5, 1, "yes"])
    sheet["B2"].number_format = "_-* #,##0.00 [$€-407]_-;-* #,##0.00 [$€-407]_-"
    book.save(path)
    read = _import(run_cli, sandbox, "items", euros, path, "--fresh")
    assert read.exit_code == 0, read.output  # the currency is the one its cells name
    assert _held(sandbox, "item", euros)["Mug"]["price"] == 1500.5


def test_a_sheet_into_an_event_of_another_currency_is_refused_before_any_write(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    euros, dollars = sandbox.new_event(currency_type="EUR"), sandbox.new_event()
    header = ITEM_HEADER.format(",")
    signed = _sheet(tmp_path / "signed.csv", f"{header}\nHat,$99.00,5,1,yes\n")
    plain = _sheet(tmp_path / "plain.csv", f"{header}\nHat,99.00,5,1,yes\n")
    cases = [
        (signed, euros, (), "USD (by its cell '$99.00')"),
        (plain, euros, (), "USD (by default, as no --currency was given)"),
        (plain, dollars, ("--currency", "EUR"), "EUR (by --currency EUR)"),
    ]
    for sheet, event, more, said in cases:
        before = _writes(sandbox)
        refused = _import(run_cli, sandbox, "items", event, sheet, *more)
        assert refused.exit_code == 2, refused.output
        theirs, ours = ("EUR", said[:3]) if event == euros else ("USD", "EUR")
        assert refused.stderr == (
            f"Error: event {event} is in {theirs}, but this sheet's amounts are {said}: nothing "
            f"was sent. If the amounts are {theirs}, give --currency {theirs}; if they are "
            f"{ours}, convert them to {theirs} first\n"
        )
        assert _writes(sandbox) == before
    assert _held(sandbox, "item", euros) == _held(sandbox, "item", dollars) == {}
    fine = _import(run_cli, sandbox, "items", euros, plain, "--currency", "EUR")
    assert fine.exit_code == 0, fine.output
    assert _held(sandbox, "item", euros)["Hat"]["price"] == 99


def test_copy_between_currencies_is_refused_unless_the_amounts_are_to_be_kept(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    dollars, euros = sandbox.new_event(), sandbox.new_event(currency_type="EUR")
    fees = _sheet(tmp_path / "fees.csv", "label,fee\nStandard,45.00\n")
    assert _import(run_cli, sandbox, "fees", dollars, fees).exit_code == 0
    before = _writes(sandbox)
    refused = run_cli("copy", "--from-event", dollars, "--to-event", euros, *RATE,
                      env=sandbox.env)  # fmt: skip
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"Error: event {dollars} is in USD and event {euros} in EUR: a copy would make every "
        "USD amount the same number of EUR, so nothing was copied. To keep the numbers as "
        "they are, in EUR, give --keep-amounts\n"
    )
    assert _writes(sandbox) == before
    assert _held(sandbox, "fee", euros) == {}
    kept = run_cli("copy", "--from-event", dollars, "--to-event", euros, "--keep-amounts",
                   *RATE, env=sandbox.env)  # fmt: skip
    assert kept.exit_code == 0, kept.output
    assert _held(sandbox, "fee", euros, "label")["Standard"]["fee"] == 45


def test_the_money_fields_are_those_the_registry_marks() -> None:
    marked = {(s.kind, f.name) for s in RESOURCES.values() for f in s.fields if f.money}
    assert marked == {("fee", "fee"), ("fee", "early_fee"), ("fee", "late_fee"),
                      ("item", "price"), ("promocode", "discount_amount")}  # fmt: skip


def test_the_library_refuses_another_currency_and_copies_with_keep_amounts(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    import anyio
    import pytest

    import bulkspot
    from bulkspot.config import RetryPolicy

    settings = bulkspot.ApiSettings(
        sandbox.env["CTCT_API_KEY"], sandbox.env["CTCT_ACCESS_TOKEN"], sandbox.base
    )
    config = bulkspot.RunConfig(settings, limits=bulkspot.Limits(rate=500),
                                retry=RetryPolicy.no_wait(5))  # fmt: skip
    dollars, euros = sandbox.new_event(), sandbox.new_event(currency_type="EUR")
    fees = _sheet(tmp_path / "fees.csv", "label,fee\nStandard,1.200\n")
    before = _writes(sandbox)
    with pytest.raises(bulkspot.ConfigError) as refused:
        bulkspot.run_import("fees", fees, config=config, event_id=euros)
    assert str(refused.value) == (
        f"event {euros} is in EUR, but this sheet's amounts are USD (by default, as no "
        "--currency was given): nothing was sent. If the amounts are EUR, give --currency "
        "EUR; if they are USD, convert them to EUR first"
    )
    assert _writes(sandbox) == before
    job = bulkspot.ImportJob("fees", fees, event_id=dollars, decimal_point=True)
    done = anyio.run(lambda: bulkspot.import_sheet(job, config))
    assert done.exit_code == 0
    assert _held(sandbox, "fee", dollars, "label")["Standard"]["fee"] == 1.2
    with pytest.raises(bulkspot.ConfigError):
        bulkspot.run_copy(dollars, euros, config=config, folder=tmp_path / "refused")
    assert _writes(sandbox) == before + 1
    copied = bulkspot.run_copy(dollars, euros, config=config, folder=tmp_path / "kept",
                               keep_amounts=True)  # fmt: skip
    assert copied.exit_code == 0
    assert _held(sandbox, "fee", euros, "label")["Standard"]["fee"] == 1.2


def test_json_lines_amounts_are_exact_and_percent_codes_go_to_any_currency(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    euros = sandbox.new_event(currency_type="EUR")
    fees = _sheet(
        tmp_path / "fees.jsonl",
        '{"label": "Member", "fee": 12.345}\n'
        '{"label": "Guest", "fee": "€1.500"}\n{"label": "Staff", "fee": "€7.50"}\n',
    )
    done = _import(run_cli, sandbox, "fees", euros, fees)  # EUR: by the cells' sign
    assert done.exit_code == 1, done.output
    assert _errors(done) == [
        "  row 1: invalid: fee: 12.345 has more decimals than EUR has cents: write 12.35 or 12.34",
        "  row 2: invalid: fee: '€1.500' could be 1500 or 1.50: write 1500 or 1.50, or say how "
        "this sheet writes decimals with --decimal-comma or --decimal-point",
    ]
    assert {n: f["fee"] for n, f in _held(sandbox, "fee", euros, "label").items()} == {
        "Staff": 7.5
    }  # fmt: skip
    codes = _sheet(tmp_path / "codes.csv", "code_name,code_type,discount,discount_scope\n"
                   "HALF,DISCOUNT,50%,ORDER_TOTAL\n")  # fmt: skip
    percent = _import(run_cli, sandbox, "promocodes", euros, codes)  # no amount: no currency
    assert percent.exit_code == 0, percent.output
    assert _held(sandbox, "promocode", euros, "code_name")["HALF"]["discount_percent"] == 50


def test_generated_amount_codes_say_their_currency_like_a_sheet(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    euros = sandbox.new_event(currency_type="EUR")
    common = ("promocodes", "generate", "--event", euros, "--count", "3", "--seed", "2",
              "--discount", "15.00", "--scope", "ORDER_TOTAL", *RATE, "--quiet")  # fmt: skip
    before = _writes(sandbox)
    refused = run_cli(*common, "--output", str(tmp_path / "usd.csv"), env=sandbox.env)
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"Error: event {euros} is in EUR, but this sheet's amounts are USD (by default, as no "
        "--currency was given): nothing was sent. If the amounts are EUR, give --currency EUR; "
        "if they are USD, convert them to EUR first\n"
    )
    assert _writes(sandbox) == before
    made = run_cli(*common, "--currency", "EUR", "--output", str(tmp_path / "eur.csv"),
                   env=sandbox.env)  # fmt: skip
    assert made.exit_code == 0, made.output
    held = _held(sandbox, "promocode", euros, "code_name")
    assert sorted(code["discount_amount"] for code in held.values()) == [15.0, 15.0, 15.0]
