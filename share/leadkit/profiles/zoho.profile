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
