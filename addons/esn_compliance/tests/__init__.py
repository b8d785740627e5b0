from . import (
    test_compliance_dossier,
    test_compliance_enforcement,
    test_compliance_portal,
    test_compliance_proof,
    test_compliance_reminders,
    test_compliance_state,
)
