// Generated from the NOX Energy OpenAPI spec by packages/client/scripts/generate.mjs. Do not edit.
/* eslint-disable */
// @ts-nocheck
"use strict";
export const validateLinkCallbackPayload = validate10;
const schema11 = {"$id":"nox:LinkCallbackPayload","$ref":"#/$defs/LinkCallbackPayload","$defs":{"Brand":{"anyOf":[{"$ref":"#/$defs/HeatPumpBrand"},{"$ref":"#/$defs/PvBrand"}]},"HeatPumpBrand":{"type":"string","enum":["alpha-innotec","atlantic","bosch","buderus","bulex","ctc","daikin","dewarmte","fujitsu","hitachi","ivt","jaspi","lg","midea","mitsubishi","nibe","panasonic","samsung","sanyo","saunier-duval","thermia","thermor","toshiba","vaillant","viessmann"]},"LinkCallbackPayload":{"type":"object","required":["nox_user_id","supplier_user_id","brand","device_ids","connected_at"],"properties":{"nox_user_id":{"type":"string","minLength":1},"supplier_user_id":{"$ref":"#/$defs/UserId"},"brand":{"$ref":"#/$defs/Brand"},"device_ids":{"type":"array","maxItems":1000,"items":{"type":"string","minLength":1,"maxLength":256}},"connected_at":{"$ref":"#/$defs/UnixTimestamp"}}},"PvBrand":{"type":"string","enum":["alpha-ess","apsystems","deye","enphase","felicity-solar","fox-ess","fronius","goodwe","growatt","hoymiles","huawei","hyxipower","ilumen","ja-solar","jinkosolar","kostal","lg","longi","panasonic","saj","sanyo","sigenergy","sma","sofar","solaredge","solarman","solax","solis","solarwatt","sungrow","sunpower","talesun","trinasolar","victron","viessmann"]},"UnixTimestamp":{"type":"integer","minimum":0},"UserId":{"type":"string","minLength":1,"maxLength":256}}};
const schema12 = {"type":"object","required":["nox_user_id","supplier_user_id","brand","device_ids","connected_at"],"properties":{"nox_user_id":{"type":"string","minLength":1},"supplier_user_id":{"$ref":"#/$defs/UserId"},"brand":{"$ref":"#/$defs/Brand"},"device_ids":{"type":"array","maxItems":1000,"items":{"type":"string","minLength":1,"maxLength":256}},"connected_at":{"$ref":"#/$defs/UnixTimestamp"}}};
const schema13 = {"type":"string","minLength":1,"maxLength":256};
const schema17 = {"type":"integer","minimum":0};
const schema14 = {"anyOf":[{"$ref":"#/$defs/HeatPumpBrand"},{"$ref":"#/$defs/PvBrand"}]};
const schema15 = {"type":"string","enum":["alpha-innotec","atlantic","bosch","buderus","bulex","ctc","daikin","dewarmte","fujitsu","hitachi","ivt","jaspi","lg","midea","mitsubishi","nibe","panasonic","samsung","sanyo","saunier-duval","thermia","thermor","toshiba","vaillant","viessmann"]};
const schema16 = {"type":"string","enum":["alpha-ess","apsystems","deye","enphase","felicity-solar","fox-ess","fronius","goodwe","growatt","hoymiles","huawei","hyxipower","ilumen","ja-solar","jinkosolar","kostal","lg","longi","panasonic","saj","sanyo","sigenergy","sma","sofar","solaredge","solarman","solax","solis","solarwatt","sungrow","sunpower","talesun","trinasolar","victron","viessmann"]};

function validate12(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
const _errs1 = errors;
if(typeof data !== "string"){
const err0 = {instancePath,keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(!(((((((((((((((((((((((((data === "alpha-innotec") || (data === "atlantic")) || (data === "bosch")) || (data === "buderus")) || (data === "bulex")) || (data === "ctc")) || (data === "daikin")) || (data === "dewarmte")) || (data === "fujitsu")) || (data === "hitachi")) || (data === "ivt")) || (data === "jaspi")) || (data === "lg")) || (data === "midea")) || (data === "mitsubishi")) || (data === "nibe")) || (data === "panasonic")) || (data === "samsung")) || (data === "sanyo")) || (data === "saunier-duval")) || (data === "thermia")) || (data === "thermor")) || (data === "toshiba")) || (data === "vaillant")) || (data === "viessmann"))){
const err1 = {instancePath,keyword:"enum",params:{},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs1 === errors;
valid0 = valid0 || _valid0;
if(!valid0){
const _errs4 = errors;
if(typeof data !== "string"){
const err2 = {instancePath,keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(!(((((((((((((((((((((((((((((((((((data === "alpha-ess") || (data === "apsystems")) || (data === "deye")) || (data === "enphase")) || (data === "felicity-solar")) || (data === "fox-ess")) || (data === "fronius")) || (data === "goodwe")) || (data === "growatt")) || (data === "hoymiles")) || (data === "huawei")) || (data === "hyxipower")) || (data === "ilumen")) || (data === "ja-solar")) || (data === "jinkosolar")) || (data === "kostal")) || (data === "lg")) || (data === "longi")) || (data === "panasonic")) || (data === "saj")) || (data === "sanyo")) || (data === "sigenergy")) || (data === "sma")) || (data === "sofar")) || (data === "solaredge")) || (data === "solarman")) || (data === "solax")) || (data === "solis")) || (data === "solarwatt")) || (data === "sungrow")) || (data === "sunpower")) || (data === "talesun")) || (data === "trinasolar")) || (data === "victron")) || (data === "viessmann"))){
const err3 = {instancePath,keyword:"enum",params:{},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid0 = _errs4 === errors;
valid0 = valid0 || _valid0;
}
if(!valid0){
const err4 = {instancePath,keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
validate12.errors = vErrors;
return errors === 0;
}


function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.nox_user_id === undefined){
const err0 = {instancePath,keyword:"required",params:{missingProperty: "nox_user_id"}};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.supplier_user_id === undefined){
const err1 = {instancePath,keyword:"required",params:{missingProperty: "supplier_user_id"}};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.brand === undefined){
const err2 = {instancePath,keyword:"required",params:{missingProperty: "brand"}};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.device_ids === undefined){
const err3 = {instancePath,keyword:"required",params:{missingProperty: "device_ids"}};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.connected_at === undefined){
const err4 = {instancePath,keyword:"required",params:{missingProperty: "connected_at"}};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.nox_user_id !== undefined){
let data0 = data.nox_user_id;
if(typeof data0 === "string"){
if(data0.length < 1){
const err5 = {instancePath:instancePath+"/nox_user_id",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/nox_user_id",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.supplier_user_id !== undefined){
let data1 = data.supplier_user_id;
if(typeof data1 === "string"){
if(data1.length > 256){
const err7 = {instancePath:instancePath+"/supplier_user_id",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data1.length < 1){
const err8 = {instancePath:instancePath+"/supplier_user_id",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/supplier_user_id",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.brand !== undefined){
if(!(validate12(data.brand, {instancePath:instancePath+"/brand",parentData:data,parentDataProperty:"brand",rootData}))){
vErrors = vErrors === null ? validate12.errors : vErrors.concat(validate12.errors);
errors = vErrors.length;
}
}
if(data.device_ids !== undefined){
let data3 = data.device_ids;
if(Array.isArray(data3)){
if(data3.length > 1000){
const err10 = {instancePath:instancePath+"/device_ids",keyword:"maxItems",params:{limit: 1000},message:"must NOT have more than 1000 items"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
const len0 = data3.length;
for(let i0=0; i0<len0; i0++){
let data4 = data3[i0];
if(typeof data4 === "string"){
if(data4.length > 256){
const err11 = {instancePath:instancePath+"/device_ids/" + i0,keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(data4.length < 1){
const err12 = {instancePath:instancePath+"/device_ids/" + i0,keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/device_ids/" + i0,keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath:instancePath+"/device_ids",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.connected_at !== undefined){
let data5 = data.connected_at;
if(!(((typeof data5 == "number") && (!(data5 % 1) && !isNaN(data5))) && (isFinite(data5)))){
const err15 = {instancePath:instancePath+"/connected_at",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if((typeof data5 == "number") && (isFinite(data5))){
if(data5 < 0 || isNaN(data5)){
const err16 = {instancePath:instancePath+"/connected_at",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
}
else {
const err17 = {instancePath,keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}


function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="nox:LinkCallbackPayload" */;
let vErrors = null;
let errors = 0;
if(!(validate11(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);
errors = vErrors.length;
}
validate10.errors = vErrors;
return errors === 0;
}

export const validateManufacturerLinkCallbackPayload = validate15;
const schema18 = {"$id":"nox:ManufacturerLinkCallbackPayload","$ref":"#/$defs/ManufacturerLinkCallbackPayload","$defs":{"ManufacturerLinkCallbackPayload":{"type":"object","required":["nox_user_id","manufacturer_user_id","connected_at"],"properties":{"nox_user_id":{"type":"string","minLength":1},"manufacturer_user_id":{"$ref":"#/$defs/UserId"},"connected_at":{"$ref":"#/$defs/UnixTimestamp"}}},"UnixTimestamp":{"type":"integer","minimum":0},"UserId":{"type":"string","minLength":1,"maxLength":256}}};
const schema19 = {"type":"object","required":["nox_user_id","manufacturer_user_id","connected_at"],"properties":{"nox_user_id":{"type":"string","minLength":1},"manufacturer_user_id":{"$ref":"#/$defs/UserId"},"connected_at":{"$ref":"#/$defs/UnixTimestamp"}}};
const schema20 = {"type":"string","minLength":1,"maxLength":256};
const schema21 = {"type":"integer","minimum":0};

function validate16(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.nox_user_id === undefined){
const err0 = {instancePath,keyword:"required",params:{missingProperty: "nox_user_id"}};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.manufacturer_user_id === undefined){
const err1 = {instancePath,keyword:"required",params:{missingProperty: "manufacturer_user_id"}};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.connected_at === undefined){
const err2 = {instancePath,keyword:"required",params:{missingProperty: "connected_at"}};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.nox_user_id !== undefined){
let data0 = data.nox_user_id;
if(typeof data0 === "string"){
if(data0.length < 1){
const err3 = {instancePath:instancePath+"/nox_user_id",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/nox_user_id",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.manufacturer_user_id !== undefined){
let data1 = data.manufacturer_user_id;
if(typeof data1 === "string"){
if(data1.length > 256){
const err5 = {instancePath:instancePath+"/manufacturer_user_id",keyword:"maxLength",params:{limit: 256},message:"must NOT have more than 256 characters"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data1.length < 1){
const err6 = {instancePath:instancePath+"/manufacturer_user_id",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/manufacturer_user_id",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.connected_at !== undefined){
let data2 = data.connected_at;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
const err8 = {instancePath:instancePath+"/connected_at",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 < 0 || isNaN(data2)){
const err9 = {instancePath:instancePath+"/connected_at",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
}
else {
const err10 = {instancePath,keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
validate16.errors = vErrors;
return errors === 0;
}


function validate15(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="nox:ManufacturerLinkCallbackPayload" */;
let vErrors = null;
let errors = 0;
if(!(validate16(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate16.errors : vErrors.concat(validate16.errors);
errors = vErrors.length;
}
validate15.errors = vErrors;
return errors === 0;
}

