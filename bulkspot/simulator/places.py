"""Names the API fills into an address from its codes.

The v2 docs' event PUT example (tests/fixtures/ctct-v2-docs) sends a `payment_address` with
only `state_code` "FL" and `country_code` "US", and the API answers it with `state` "Florida",
`country` "United States" and the code in lower case ("us"). The simulator does the same for
the codes it knows.
"""

from __future__ import annotations

from typing import Any

COUNTRIES = {
    "us": "United States",
    "ca": "Canada",
    "gb": "United Kingdom",
    "au": "Australia",
    "nz": "New Zealand",
    "ie": "Ireland",
    "fr": "France",
    "de": "Germany",
    "es": "Spain",
    "it": "Italy",
    "nl": "Netherlands",
    "mx": "Mexico",
}

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico",
}  # fmt: skip

CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}  # fmt: skip

_REGIONS = {"us": US_STATES, "ca": CA_PROVINCES}


def complete_address(address: dict[str, Any]) -> dict[str, Any]:
    """The address as the API answers it: code-derived names filled in where absent."""
    code = address.get("country_code")
    if isinstance(code, str) and code:
        code = code.lower()
        address["country_code"] = code
        if not address.get("country") and code in COUNTRIES:
            address["country"] = COUNTRIES[code]
    state_code = address.get("state_code")
    regions = _REGIONS.get(code or "us", {})
    if isinstance(state_code, str) and state_code and not address.get("state"):
        name = regions.get(state_code.upper())
        if name:
            address["state"] = name
    return address
