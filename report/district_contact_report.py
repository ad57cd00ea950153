from odoo import fields, models

CONTACT_TYPES = [
    ("consultation", "Consultation"),
    ("referral", "Referral"),
    ("network_event", "Network meeting"),
    ("visit", "Business visit"),
]
# Row ids: source id * ROW_KINDS + the kind's number (its place in CONTACT_TYPES).
ROW_KINDS = len(CONTACT_TYPES)


class DistrictContactReport(models.Model):
    """Every contact with a business or founder: done consultations, referrals passed on,
    attendance at network meetings, visits in a visit campaign.

    Read by pivot and graph views: the measure "Businesses and founders reached"
    counts distinct businesses (a person's company, or the person when there is
    none), so each is counted once per cell and once in the totals. The same set,
    restricted to enterprises and to consultations and referrals (not network
    meetings and visits), gives ERDF indicator RCO04 (``is_rco04``): a visit at which advice was given
    has its own consultation, which counts. Enterprises are companies
    and sole traders: a person with a business status or a WZ code. Archived
    contacts still count: archiving hides, it does not unmake. Quarter and programme
    area are the ones stamped at the contact date; days are in the office's time zone.
    """

    _name = "district.contact.report"
    _description = "Contacts with Businesses and Founders"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "reached_partner_id"
    # Pending writes to these fields are flushed before the report is read.
    _depends = {
        "district.consultation": [
            "state",
            "active",
            "consultation_date",
            "partner_id",
            "quarter_id",
            "programme_area_id",
            "user_id",
            "company_id",
        ],
        "district.referral": [
            "state",
            "active",
            "date",
            "partner_id",
            "quarter_id",
            "programme_area_id",
            "user_id",
            "company_id",
        ],
        "event.registration": ["state", "active", "contact_date", "partner_id", "quarter_id", "programme_area_id"],
        "event.event": ["is_district_network", "company_id"],
        "district.visit": ["state", "date", "partner_id", "quarter_id", "programme_area_id", "user_id", "company_id"],
        "res.partner": [
            "commercial_partner_id",
            "is_company",
            "business_status",
            "wz_code",
            "founding_date",
            "industry_id",
        ],
        "district.quarter": ["borough_id"],
    }

    contact_type = fields.Selection(CONTACT_TYPES, readonly=True)
    res_id = fields.Integer(string="Record", readonly=True)
    date = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    reached_partner_id = fields.Many2one(
        "res.partner", string="Businesses and founders reached", readonly=True, aggregator="count_distinct"
    )
    is_company = fields.Boolean(string="Is a business", readonly=True)
    is_enterprise = fields.Boolean(
        string="Enterprise",
        readonly=True,
        help="A company, or a sole trader (a person with a business status or WZ code).",
    )
    is_rco04 = fields.Boolean(
        string="RCO04 support",
        readonly=True,
        help="A consultation or referral for an enterprise: ERDF RCO04 (network meetings and visits are contacts, "
        "not RCO04).",
    )
    is_founder = fields.Boolean(string="Founder", readonly=True)
    quarter_id = fields.Many2one("district.quarter", readonly=True)
    borough_id = fields.Many2one("district.borough", readonly=True)
    programme_area_id = fields.Many2one("district.programme.area", string="Programme area", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", string="Sector", readonly=True)
    user_id = fields.Many2one("res.users", string="Coordinator", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    @property
    def _table_query(self):
        # One row per source row, its id derived from it: the source's id times ROW_KINDS plus the kind
        # (0 consultation, 1 referral, 2 network meeting, 3 visit). No row_number() over the union: a window over
        # all rows would make PostgreSQL build every row before filtering by date, company or quarter;
        # without it, those filters reach the base tables and their indexes. bigint: no overflow.
        return f"""
            SELECT contact.id, contact.contact_type, contact.res_id, contact.date, contact.partner_id,
                   reached.id AS reached_partner_id,
                   COALESCE(reached.is_company, FALSE) AS is_company,
                   enterprise.is_enterprise,
                   (enterprise.is_enterprise AND contact.contact_type IN ('consultation', 'referral')) AS is_rco04,
                   (reached.business_status = 'founding'
                    OR reached.founding_date > contact.date - INTERVAL '3 years') AS is_founder,
                   contact.quarter_id, quarter.borough_id, contact.programme_area_id,
                   reached.industry_id, contact.user_id, contact.company_id
              FROM (
                    SELECT c.id::bigint * {ROW_KINDS} AS id, 'consultation' AS contact_type, c.id AS res_id,
                           c.consultation_date AS date, c.partner_id, c.quarter_id, c.programme_area_id,
                           c.user_id, c.company_id
                      FROM district_consultation c
                     WHERE c.state = 'done'
                 UNION ALL
                    SELECT r.id::bigint * {ROW_KINDS} + 1, 'referral', r.id, r.date, r.partner_id, r.quarter_id,
                           r.programme_area_id, r.user_id, r.company_id
                      FROM district_referral r
                     WHERE r.state != 'draft'
                 UNION ALL
                    SELECT reg.id::bigint * {ROW_KINDS} + 2, 'network_event', reg.id, reg.contact_date,
                           reg.partner_id, reg.quarter_id, reg.programme_area_id, NULL::int, event.company_id
                      FROM event_registration reg
                      JOIN event_event event ON event.id = reg.event_id
                     WHERE event.is_district_network AND reg.state = 'done'
                       AND reg.partner_id IS NOT NULL
                 UNION ALL
                    SELECT v.id::bigint * {ROW_KINDS} + 3, 'visit', v.id, v.date, v.partner_id, v.quarter_id,
                           v.programme_area_id, v.user_id, v.company_id
                      FROM district_visit v
                     WHERE v.state = 'visited'
                   ) AS contact
              JOIN res_partner partner ON partner.id = contact.partner_id
              JOIN res_partner reached ON reached.id = COALESCE(partner.commercial_partner_id, partner.id)
              CROSS JOIN LATERAL (
                    SELECT COALESCE(reached.is_company, FALSE)
                           OR reached.business_status IS NOT NULL
                           OR reached.wz_code IS NOT NULL AS is_enterprise
                   ) AS enterprise
         LEFT JOIN district_quarter quarter ON quarter.id = contact.quarter_id
        """
