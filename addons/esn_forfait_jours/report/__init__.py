from . import forfait_statement
