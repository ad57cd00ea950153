import io
import os

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo import models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

from odoo.addons.base.models.ir_actions_report import _wkhtml

MONITORING_REPORT = "district_economy.report_monitoring"
# A system font (Debian fonts-dejavu-core, tools/setup.sh), embedded so the page numbers are real text.
PAGE_NUMBER_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Number the pages of the monitoring report where wkhtmltopdf cannot.

        Debian's wkhtmltopdf (unpatched Qt) ignores the header and footer of the layout, and with
        them the page numbers a document of a public body needs: they are written onto the pages.
        """
        collected_streams = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        if self._get_report(report_ref).report_name != MONITORING_REPORT or _wkhtml().is_patched_qt:
            return collected_streams
        for values in collected_streams.values():
            if values.get("stream") and not values.get("attachment"):
                values["stream"] = self._district_number_pages(values["stream"])
        return collected_streams

    def _district_number_pages(self, stream):
        """The PDF in ``stream`` with "Page n / total" at the foot of every page."""
        font = "Helvetica"
        if os.path.exists(PAGE_NUMBER_FONT):
            font = "DejaVuSans"
            if font not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(font, PAGE_NUMBER_FONT))
        reader = PdfFileReader(stream, strict=False, overwriteWarnings=False)
        total = reader.getNumPages()
        packet = io.BytesIO()
        overlay = canvas.Canvas(packet)
        for number in range(total):
            page = reader.getPage(number)
            width, height = float(abs(page.mediaBox.getWidth())), float(abs(page.mediaBox.getHeight()))
            overlay.setPageSize((width, height))
            overlay.setFont(font, 8)
            overlay.setFillGray(0.4)
            overlay.drawCentredString(
                width / 2, 20, self.env._("Page %(page)s / %(total)s", page=number + 1, total=total)
            )
            overlay.showPage()
        overlay.save()
        numbers = PdfFileReader(packet, overwriteWarnings=False)
        writer = PdfFileWriter()
        for number in range(total):
            page = reader.getPage(number)
            page.mergePage(numbers.getPage(number))
            writer.addPage(page)
        output = io.BytesIO()
        writer.write(output)
        return output
