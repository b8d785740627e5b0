from . import (
    esn_compliance_document,
    esn_compliance_document_type,
    esn_compliance_reminder,
    esn_config_settings,
    ir_http,
    res_company,
    res_partner,
)
