-- The QuickStart's schema. The app runs it at start-up, and the build checks every [Query]/[Execute]
-- against it (it is listed as an AdditionalFile in QuickStart.csproj): a misspelled table or column is a
-- compiler error (SQLM025/SQLM026), a nullable column read into a non-nullable member a warning (SQLM028).
create table artist (artist_id integer primary key, name text not null);
create table album (album_id integer primary key, title text not null, artist_id integer not null references artist(artist_id));
