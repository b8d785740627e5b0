"""The benchmark's engagements: clients, compliant contractors, consultants on active missions."""

import base64
import datetime

PDF = base64.b64encode(b"%PDF-1.4\n%%EOF\n")


def identify_company(env):
    """The company's identity its invoices carry, and vigilance enforced."""
    env.company.write(
        {
            "esn_compliance_enforcement": "block",
            "siret": "73282932000074",
            "vat": "FR44732829320",
            "phone": "+33 1 23 45 67 89",
            "esn_legal_form": "SAS",
            "esn_share_capital": 50000,
            "esn_rcs_city": "Paris",
        }
    )


def valid_siret(number):
    """A SIRET passing the Luhn checks, made of `number`: the suite invoices only identified clients."""
    from stdnum import luhn  # noqa: PLC0415

    siren = f"{number:08d}" + luhn.calc_check_digit(f"{number:08d}")
    return siren + "0001" + luhn.calc_check_digit(siren + "0001")


def world(env, count, tag, date_start=datetime.date(2026, 1, 1)):
    """count consultants on active missions at count/10 clients; a fifth of them external,
    their contractors compliant."""
    Partner = env["res.partner"]
    clients = Partner.create(
        [
            {
                "name": f"Bench client {tag}-{i}",
                "is_company": True,
                "country_id": env.ref("base.fr").id,
                "siret": valid_siret(10**7 + i),
            }
            for i in range(max(count // 10, 1))
        ]
    )
    contractors = Partner.create(
        [
            {"name": f"Bench contractor {tag}-{i}", "is_company": True, "esn_contractor_kind": "freelance"}
            for i in range(max(count // 50, 1))
        ]
    )
    today = datetime.date.today()
    documents = []
    types = env["esn.compliance.document.type"]._active_types()
    for contractor in contractors:
        for doc_type in types._required_for(contractor):
            values = {
                "partner_id": contractor.id,
                "type_id": doc_type.id,
                "issue_date": today,
                "file": b"JVBERi0xLjQK",
                "file_name": "doc.pdf",
                # a code identifies one attestation
                "verification_code": f"{contractor.id:015d}" if doc_type.needs_verification_code else False,
            }
            if not doc_type.validity_months:
                values["expiry_date"] = today + datetime.timedelta(days=365)
            documents.append(values)
    documents = env["esn.compliance.document"].create(documents)
    documents.filtered("type_id.needs_verification_code").action_check_code()
    documents.action_validate()
    employees = env["hr.employee"].create(
        [
            {
                "name": f"Bench consultant {tag}-{i}",
                "hourly_cost": 40 + i % 25,
                "esn_supplier_id": contractors[i % len(contractors)].id if i % 5 == 0 else False,
            }
            for i in range(count)
        ]
    )
    missions = env["esn.mission"].create(
        [
            {
                "partner_id": clients[i % len(clients)].id,
                "employee_id": employee.id,
                "date_start": date_start,
                "date_end": datetime.date(2026, 12, 31),
                "sell_rate": 650,
                "buy_rate": 450 if i % 5 == 0 else 350,
            }
            for i, employee in enumerate(employees)
        ]
    )
    missions.action_activate()
    return clients, employees, missions


def weekdays(first, last):
    """Monday to Friday from first to last (October 2026 has no public holiday on a weekday)."""
    days = (first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]


def complete_bills(moves, ref, date):
    """What the accountant does before posting the vendor bills: the contractor's invoice number
    and date, and the invoice itself attached (self-billed bills are the ESN's own)."""
    bills = moves.filtered(lambda move: move.move_type == "in_invoice" and not move.esn_self_billed)
    bills.write({"ref": ref, "invoice_date": date})
    moves.env["ir.attachment"].create(
        [
            {"name": f"{ref}.pdf", "datas": PDF, "res_model": "account.move", "res_id": bill.id}
            for bill in bills
        ]
    )
