"""Passwords of ten characters or more that appear near the top of published breach lists
(SecLists' 10k most common, NCSC's 100k list), plus obvious ones for this app. Matched without
regard to case; a password is also refused when it is the account's own email or its name."""

COMMON_PASSWORDS = frozenset(
    """
    1234567890 0123456789 9876543210 12345678910 1234567891 123456789a 123456789q
    0987654321 1111111111 0000000000 2222222222 1212121212 1234512345 1122334455
    qwertyuiop qwerty1234 qwerty12345 qwerty123456 1q2w3e4r5t 1q2w3e4r5t6y
    1qaz2wsx3edc qazwsxedc123 zaq12wsxcde zxcvbnm123 asdfghjkl1 asdfghjkl123
    q1w2e3r4t5 abcdefghij abc1234567 abcd123456 aaaaaaaaaa password12 password123
    password1234 password12345 passw0rd123 p@ssw0rd123 password!1 password123!
    iloveyou12 iloveyou123 letmein123 welcome123 welcome1234 sunshine123 princess123
    football123 baseball123 superman123 batman1234 monkey12345 dragon1234 dragon12345
    trustno1234 starwars123 whatever123 changeme123 administrator admin12345
    admin123456 computer123 internet123 michael123 charlie123 jessica123 jennifer123
    mustang123 shadow1234 master1234 freedom123 lovelove12 basketball soccer1234
    chocolate1 butterfly1 1234qwerty qwertyqwerty secret1234 summer2024 summer2025
    summer2026 winter2025 winter2026 spring2026 autumn2026 january2026 november2026
    ozempic123 ozempic1234 wegovy1234 wegovy12345 mounjaro123 zepbound123
    semaglutide tirzepatide glp1glp1glp1 weightloss weightloss1 weightloss123
    loseweight loseweight1 fitness123 gymgymgym1 strongglutes musclemuscle
    """.split()
)
