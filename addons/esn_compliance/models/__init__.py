from . import (
    esn_compliance_document,
    esn_compliance_document_type,
    esn_compliance_reminder,
    res_company,
    res_config_settings,
    res_partner,
)
