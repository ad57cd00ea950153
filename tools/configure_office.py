# Runs inside `odoo-bin shell`: turns a fresh database into a German office
# (company in Germany, EUR, Europe/Berlin, German active for every user).
# The office's name and address (Stadtteilbüro Leipziger Osten) come with the demo data
# (demo/res_partner_demo.xml), so that the test database has them too.
germany = env.ref("base.de")
eur = env.ref("base.EUR")
eur.active = True
company = env.company
company.write({"country_id": germany.id, "currency_id": eur.id})
company.partner_id.tz = "Europe/Berlin"
env["res.lang"]._activate_lang("de_DE")
env["res.users"].with_context(active_test=False).search([]).write({"tz": "Europe/Berlin", "lang": "de_DE"})
env.cr.commit()
print(f"[run] office configured: {company.name}, Germany, EUR, Europe/Berlin, German")
