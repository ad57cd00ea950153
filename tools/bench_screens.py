"""Speed the user feels: how long the main screens take in a real browser, on the running `make run` server.

Each screen is timed from the click (or address) until its content is shown and the last of the
requests it made has answered; each is opened once to warm up (assets, caches), then REPEAT times.
Prints a Markdown table (median, min, max) for the README's "Speed the user feels" section.

    make bench-screens          # the server must run: `make run` in another terminal
    BENCH_URL=http://localhost:8069 BENCH_LOGIN=coordinator BENCH_PASSWORD=coordinator REPEAT=5
"""

import os
import shutil
import statistics
import sys
import time

from playwright.sync_api import sync_playwright

BASE = os.environ.get("BENCH_URL", "http://localhost:8069")
LOGIN = os.environ.get("BENCH_LOGIN", "coordinator")
PASSWORD = os.environ.get("BENCH_PASSWORD", "coordinator")
REPEAT = int(os.environ.get("REPEAT", "5"))
SETTLE_MS = 150  # no request for this long after the content showed: the screen is done


class Network:
    """Counts the server requests in flight and remembers when the last one answered."""

    def __init__(self, page):
        self.pending = 0
        self.last_answer = time.perf_counter()
        page.on("request", self._started)
        page.on("requestfinished", self._finished)
        page.on("requestfailed", self._finished)

    @staticmethod
    def _is_server_call(request):
        return request.resource_type in ("fetch", "xhr", "document")

    def _started(self, request):
        if self._is_server_call(request):
            self.pending += 1

    def _finished(self, request):
        if self._is_server_call(request):
            self.pending = max(0, self.pending - 1)
            self.last_answer = time.perf_counter()

    def wait_quiet(self, page):
        while True:
            page.wait_for_timeout(20)
            if not self.pending and (time.perf_counter() - self.last_answer) * 1000 >= SETTLE_MS:
                return


def timed(page, network, act, ready_selector):
    started = time.perf_counter()
    network.last_answer = started
    act()
    page.wait_for_selector(ready_selector, timeout=60000)
    network.wait_quiet(page)
    return (max(network.last_answer, started) - started) * 1000


def open_first(page, list_path, row_selector=".o_data_row"):
    page.goto(BASE + list_path)
    page.wait_for_selector(row_selector, timeout=60000)


SCREENS = [
    # (name, goal in ms, preparation, action, selector shown when ready)
    (
        "Betriebe: list",
        1000,
        lambda page: None,
        lambda page: page.goto(BASE + "/odoo/district-businesses"),
        ".o_list_view .o_data_row",
    ),
    (
        "Betriebe: form of a business",
        1000,
        lambda page: open_first(page, "/odoo/district-businesses"),
        lambda page: page.locator(".o_data_row td.o_data_cell").first.click(),
        ".o_form_view .o_field_widget[name=quarter_id]",
    ),
    (
        "Beratungen: new consultation",
        1000,
        lambda page: None,
        lambda page: page.goto(BASE + "/odoo/district-consultations/new"),
        ".o_form_view .o_field_widget[name=partner_id] input",
    ),
    (
        "Kennzahlen: pivot",
        1000,
        lambda page: None,
        lambda page: page.goto(BASE + "/odoo/district-monitoring"),
        ".o_pivot table .o_pivot_cell_value",
    ),
    (
        "Ansiedlung: Find premises",
        1000,
        lambda page: open_first(page, "/odoo/district-settlements?view_type=list"),
        lambda page: (
            page.locator(".o_data_row td.o_data_cell").first.click(),
            page.locator("button[name=action_find_premises]").click(),
        ),
        ".o_list_view .o_data_row, .o_view_nocontent",
    ),
    (
        "Berichte: compute a report",
        1000,
        lambda page: (
            open_first(page, "/odoo/district-reports"),
            page.locator(".o_data_row:not(:has(.badge.text-bg-success)) td.o_data_cell").first.click(),
            page.wait_for_selector("button[name=action_compute]", timeout=60000),
        ),
        lambda page: page.locator("button[name=action_compute]").click(),
        ".o_form_view .o_field_widget[name=total_line_ids] .o_data_row",
    ),
    (
        "Dashboard: Stadtteilwirtschaft",
        2000,
        lambda page: None,
        lambda page: page.goto(BASE + "/odoo/dashboards"),
        ".o-spreadsheet .o-grid, .o_spreadsheet_dashboard_action canvas",
    ),
]


def main():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="de-DE")
        network = Network(page)
        started = time.perf_counter()
        page.goto(BASE + "/web/login")
        page.fill("input[name=login]", LOGIN)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector(".o_main_navbar", timeout=120000)
        network.wait_quiet(page)
        first_login = (network.last_answer - started) * 1000
        rows = []
        for name, goal, prepare, act, ready in SCREENS:
            times = []
            for _ in range(REPEAT + 1):  # the first one warms up
                prepare(page)
                network.wait_quiet(page)
                times.append(timed(page, network, lambda act=act: act(page), ready))
            times = times[1:]
            median = statistics.median(times)
            rows.append((name, median, min(times), max(times), goal))
            print(f"[bench-screens] {name}: {median:.0f} ms", file=sys.stderr)
        browser.close()
    print(f"First login (assets may be built): {first_login:.0f} ms\n")
    print("| Screen | median | min | max | goal | met |")
    print("|---|---:|---:|---:|---:|:-:|")
    for name, median, low, high, goal in rows:
        met = "yes" if median < goal else "NO"
        print(f"| {name} | {median:.0f} ms | {low:.0f} ms | {high:.0f} ms | < {goal} ms | {met} |")
    return 0 if all(row[1] < row[4] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
