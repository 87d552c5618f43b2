"""Two-factor (TOTP + recovery codes) for staff on django-otp: policy, gate, pages."""
