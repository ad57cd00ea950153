import shutil
import subprocess
import tempfile
from contextlib import contextmanager

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


def pdf_text(test, pdf):
    """The text of the PDF ``pdf`` (bytes) as pdftotext lays it out; skips ``test`` without pdftotext."""
    if not shutil.which("pdftotext"):
        test.skipTest("pdftotext (Debian poppler-utils) is not installed: run tools/setup.sh")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
        pdf_file.write(pdf)
        pdf_file.flush()
        return subprocess.run(
            ["pdftotext", "-layout", pdf_file.name, "-"], capture_output=True, check=True, text=True
        ).stdout


class DistrictEconomyCase(TransactionCase):
    """A small Leipziger Osten fixture on top of the shipped Leipzig data.

    The shipped address rules cover Eisenbahnstraße and Dresdner Straße; tests
    that need more add rules on "Musterstraße", a street the data never covers.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        ref = cls.env.ref
        cls.borough_east = ref("district_economy.borough_leipzig_2")
        cls.quarter_neustadt = ref("district_economy.quarter_leipzig_20")
        cls.quarter_volkmarsdorf = ref("district_economy.quarter_leipzig_21")
        cls.quarter_anger = ref("district_economy.quarter_leipzig_22")
        cls.quarter_sellerhausen = ref("district_economy.quarter_leipzig_23")
        cls.quarter_reudnitz = ref("district_economy.quarter_leipzig_30")
        cls.area_east = ref("district_economy.programme_area_leipziger_osten")
        cls.Partner = cls.env["res.partner"]
        cls.Rule = cls.env["district.address.rule"]

        cls.user_readonly = new_test_user(
            cls.env,
            "de_readonly",
            groups="base.group_user,district_economy.group_district_readonly",
            name="City Office Reader",
        )
        cls.user_coordinator = new_test_user(
            cls.env,
            "de_coordinator",
            groups="base.group_user,district_economy.group_district_coordinator",
            name="District Coordinator",
        )
        cls.user_manager = new_test_user(
            cls.env,
            "de_manager",
            groups="base.group_user,district_economy.group_district_manager",
            name="District Manager",
        )
        cls.user_internal = new_test_user(
            cls.env,
            "de_internal",
            groups="base.group_user,base.group_partner_manager",
            name="Other Internal User",
        )

    @classmethod
    def use_own_office(cls):
        """Work in a district office of its own (EUR, Europe/Berlin), so that the demo data does not count."""
        euro = cls.env.ref("base.EUR")
        euro.active = True
        office = cls.env["res.company"].create(
            {"name": "Stadtteilbüro Test", "city": "Leipzig", "currency_id": euro.id}
        )
        office.partner_id.tz = "Europe/Berlin"
        (cls.user_coordinator | cls.user_manager | cls.user_readonly).write({"company_ids": [Command.link(office.id)]})
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[office.id]))
        cls.Partner = cls.env["res.partner"]
        cls.Rule = cls.env["district.address.rule"]
        return office

    @classmethod
    def create_business(cls, street, zip_code="04315", city="Leipzig", **values):
        return cls.Partner.create(
            {
                "name": values.pop("name", f"Business {street}"),
                "is_company": True,
                "street": street,
                "zip": zip_code,
                "city": city,
                **values,
            }
        )

    @contextmanager
    def assertRaisesText(self, exception, text):
        """Like assertRaisesRegex, but inside a savepoint (as assertRaises) so the data stays as it was."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))


class JsonRpcMixin:
    """Calls over Odoo's external API (/jsonrpc, execute_kw), as an integration with a user's password would.

    For HttpCase tests; test users made by ``new_test_user`` have their login as password.
    """

    def rpc(self, login, model, method, *args, **kwargs):
        """Result of ``model.method(*args, **kwargs)`` as ``login``; raises ``RpcError`` with the server's message."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    self.env.cr.dbname,
                    self.env["res.users"].search([("login", "=", login)]).id,
                    login,
                    model,
                    method,
                    list(args),
                    kwargs,
                ],
            },
        }
        response = self.url_open("/jsonrpc", json=payload, timeout=60).json()
        if "error" in response:
            raise RpcError(response["error"]["data"]["message"], response["error"]["data"])
        return response.get("result")


class RpcError(Exception):
    """An error the server returned over JSON-RPC (its message is what the caller sees).

    ``data`` is the whole error: ``name`` (the exception's class) and ``message``.
    """

    def __init__(self, message, data=None):
        super().__init__(message)
        self.data = data or {"name": "", "message": message}
