{
    "name": "Stadtteilwirtschaft",
    "summary": "District economy: businesses by quarter and programme area, "
    "consultations, settlement support and monitoring for urban programme areas",
    "version": "19.0.1.0.0",
    "category": "Services/District Economy",
    "author": "Stadtteilwirtschaft contributors",
    "website": "https://github.com/district-economy/district_economy",
    "license": "LGPL-3",
    "application": True,
    "depends": ["base", "mail", "contacts"],
    "data": [
        "security/district_economy_groups.xml",
        "security/ir.model.access.csv",
        "data/district_language_data.xml",
        "data/res_partner_industry_data.xml",
        "data/district_borough_data.xml",
        "data/district_quarter_data.xml",
        "data/district_programme_area_data.xml",
        "data/district_address_rule_data.xml",
        "views/res_partner_views.xml",
        "views/district_borough_views.xml",
        "views/district_quarter_views.xml",
        "views/district_programme_area_views.xml",
        "views/district_address_rule_views.xml",
        "views/district_language_views.xml",
        "views/res_partner_industry_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "district_economy/static/src/tours/*.js",
        ],
    },
}
