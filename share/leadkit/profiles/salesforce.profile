# salesforce.profile - Salesforce leads: a lead report exported as CSV
# ("Details Only") or the Leads list view, column labels as the en_US UI
# writes them.  An en_US org writes dates M/D/YYYY whatever the lead's
# country.  "Annual Revenue" carries the currency ("EUR 24,000.00"), read
# by the number normalizer; "Email Opt Out" is inverted consent.
title Salesforce lead export
system salesforce
date-order mdy
threshold 3
header Lead ID
header Lead Owner
header Lead Source
header Lead Status
header Created Date
header No. of Employees
header Email Opt Out
header Do Not Call
header Rating
header Converted Date
header Salutation
header Lead Record Type
column Lead ID = source_id
column Salutation = salutation
column First Name = first_name
column Last Name = last_name
column Title = title
column Company = company
column Company / Account = company
column Email = email
column Phone = phone
column Mobile = mobile
column Website = website
column Street = street
column City = city
column Zip/Postal Code = postcode
column Country = country
column Industry = industry
column No. of Employees = employees
column Annual Revenue = annual_revenue
column Lead Source = source
column Lead Status = status
column Created Date = created_at
column Email Opt Out = consent map:optout
column Do Not Call = do_not_call

# --to salesforce: the layout of the Data Import Wizard (Leads), which
# maps a column to the field whose label it carries; dates as yyyy-MM-dd
# (help.salesforce.com "CSV File Readiness"), checkboxes as 1 and 0, the
# default Lead Status picklist.  A stage the picklist lacks (mql, sql...)
# is written as leadkit's word, and said on standard error.
to status = Lead Status map:sf_status
to consent = Email Opt Out map:sf_optout
to-day %Y-%m-%d
to-time %Y-%m-%dT%H:%M:%SZ
to-bool 1 0
to-country name
value sf_status Open - Not Contacted = lead
value sf_status Working - Contacted = sal
value sf_status Closed - Converted = won
value sf_status Closed - Not Converted = disqualified
value sf_optout 1 = false
value sf_optout 0 = true
