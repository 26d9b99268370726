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

# --to hubspot: the layout HubSpot's importer maps by itself (lead(7),
# CRM import layouts).  HubSpot matches a column to the property whose
# label or internal name it carries, and takes a lifecycle stage by its
# internal value (developers.hubspot.com/docs/api/crm/imports; "Import
# records": lifecyclestage subscriber, lead, marketingqualifiedlead,
# salesqualifiedlead, opportunity, customer, evangelist, other).
# "HubSpot Score" is computed by HubSpot and cannot be imported: crm_score
# keeps its own name.
to status = Lifecycle Stage map:hs_lifecycle
to crm_score = -
to consent = Unsubscribed from all email map:hs_optout
to-day %Y-%m-%d
to-time %Y-%m-%d %H:%M:%S
to-bool true false
to-country name
# the first line for each stage is the value written
value hs_lifecycle subscriber = prospect
value hs_lifecycle lead = lead
value hs_lifecycle marketingqualifiedlead = mql
value hs_lifecycle salesqualifiedlead = sql
value hs_lifecycle opportunity = opportunity
value hs_lifecycle customer = won
value hs_optout true = false
value hs_optout false = true
# the labels HubSpot shows (and writes in its exports), also taken on
# import: a lead that came with one goes back with it
value hs_lifecycle Subscriber = prospect
value hs_lifecycle Lead = lead
value hs_lifecycle Marketing Qualified Lead = mql
value hs_lifecycle Sales Qualified Lead = sql
value hs_lifecycle Opportunity = opportunity
value hs_lifecycle Customer = won
value hs_lifecycle Evangelist = won
