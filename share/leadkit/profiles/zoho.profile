# zoho.profile - Zoho CRM: Leads module exported as CSV (Setup > Data
# Administration > Export, or the list view's export), field labels as
# Zoho writes them.  "Record Id" values look like "zcrm_4876876000000123001";
# "Created Time" is "YYYY-MM-DD HH:MM:SS".
title Zoho CRM leads export
system zoho
threshold 3
header Record Id
header Lead Owner
header Created Time
header Modified Time
header Lead Source
header Lead Status
header Email Opt Out
header Skype ID
header Secondary Email
header No. of Employees
column Record Id = source_id
column Salutation = salutation
column First Name = first_name
column Last Name = last_name
column Title = title
column Designation = title
column Company = company
column Email = email
column Secondary Email = email
column Phone = phone
column Mobile = mobile
column Website = website
column City = city
column Zip Code = postcode
column Country = country
column Industry = industry
column No. of Employees = employees
column Annual Revenue = annual_revenue
column Lead Source = source
column Lead Status = status
column Created Time = created_at
column Email Opt Out = consent map:optout

# --to zoho: the layout of Zoho CRM's import (Leads), which maps a column
# to the field whose label it carries.  Zoho takes dates as MM/dd/yyyy and
# date-times as MM/dd/yyyy HH:mm:ss (others are ignored) and checkboxes as
# true/false or 1/0 (help.zoho.com, "Importing data": Rules for data
# importing); lead-import reads such a file back with --date-order mdy.
to status = Lead Status map:zoho_status
to consent = Email Opt Out map:zoho_optout
to-day %m/%d/%Y
to-time %m/%d/%Y %H:%M:%S
to-bool true false
to-country name
value zoho_status Not Contacted = lead
value zoho_status Contacted = sal
value zoho_status Contact in Future = nurture
value zoho_status Pre-Qualified = mql
value zoho_status Not Qualified = disqualified
value zoho_status Lost Lead = lost
value zoho_optout true = false
value zoho_optout false = true
value zoho_status Junk Lead = disqualified
