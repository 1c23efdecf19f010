@echo off
rem The `agis` command on Windows: runs AGIS (no arguments, or `serve`) or an operator command
rem (`bin\agis --help`) from app\target\agis.jar, building the jar first when it is missing.
rem Needs only a JDK 17+ (JAVA_HOME or java on the PATH). Same behaviour as bin/agis.
setlocal
set "ROOT=%~dp0.."
set "JAR=%ROOT%\app\target\agis.jar"
if not exist "%JAR%" (
  echo agis: %JAR% is missing; building it ^(once, about a minute^) 1>&2
  pushd "%ROOT%"
  call mvnw.cmd -q -B -DskipTests package 1>&2
  if errorlevel 1 (
    popd
    exit /b 1
  )
  popd
)
rem One embedded database per checkout, wherever the command is run from.
if not defined AGIS_DATA_DIR set "AGIS_DATA_DIR=%ROOT%\agis-data"
set "JAVA_EXE=java"
if defined JAVA_HOME set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
"%JAVA_EXE%" -jar "%JAR%" %*
exit /b %ERRORLEVEL%
