# hubspot.profile - HubSpot CRM: Contacts > Export (CSV), column labels as
# HubSpot writes them.  Dates are written "YYYY-MM-DD HH:MM" (no order to
# fix).  Lifecycle stages and lead statuses go through the lifecycle map
# (values.map).
title HubSpot contacts export
system hubspot
threshold 3
header Record ID
header Lifecycle Stage
header Lead Status
header Create Date
header Contact owner
header Original Source
header HubSpot Score
header Mobile Phone Number
header Marketing contact status
header Last Activity Date
column Record ID = source_id
column First Name = first_name
column Last Name = last_name
column Email = email
column Phone Number = phone
column Mobile Phone Number = mobile
column Job Title = title
column Company Name = company
column Website URL = website
column City = city
column Country/Region = country
column Postal Code = postcode
column Zip = postcode
column Industry = industry
column Number of Employees = employees
column Annual Revenue = annual_revenue
column Create Date = created_at
column Lifecycle Stage = status
column Lead Status = status
column Original Source = source
column Original Source Drill-Down 1 = channel
column HubSpot Score = crm_score
column Unsubscribed from all email = consent map:optout
